namespace Nst.Functions.Storage;

/// <summary>What the service says about a message just put on the queue.</summary>
public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn, DateTimeOffset? NextVisibleOn);
