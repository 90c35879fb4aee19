using Azure;

namespace Nst.Functions.Jobs;

/// <summary>A job record as read, with the ETag to replace it conditionally.</summary>
public sealed record StoredJob(JobRecord Record, ETag ETag);
