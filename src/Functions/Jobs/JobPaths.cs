using System.Globalization;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Jobs;

/// <summary>Where a job's blobs live in the jobs container (brief contract 2).</summary>
public static class JobPaths
{
    public const string RecordFileName = "job.json";

    /// <summary>jobs/{id}/job.json (name within the jobs container).</summary>
    public static string Record(string id) => $"{id}/{RecordFileName}";

    /// <summary>jobs/{id}/lock: the blob a worker leases while it runs a chunk, so job.json itself stays writable.</summary>
    public static string Lock(string id) => $"{id}/lock";

    public static string Checkpoint(string id, int chunk) => $"{id}/checkpoints/{chunk.ToString("D5", CultureInfo.InvariantCulture)}.safetensors";

    public static string Preview(string id) => $"{id}/preview.jpg";

    public static string ContentInput(string id, string extension) => $"{id}/input/content{extension}";

    public static string StyleInput(string id, int index, string extension) => $"{id}/input/style-{index.ToString(CultureInfo.InvariantCulture)}{extension}";

    /// <summary>"jobs/{name}": the reference job.json writes for a blob in the jobs container.</summary>
    public static string Reference(string nameInJobs) => $"{PipelineNames.JobsContainer}/{nameInJobs}";
}
