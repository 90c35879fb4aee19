using System.Globalization;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Jobs;

/// <summary>Where a job's blobs live in the jobs container. Only the job's own code reads them: no user names a path here.</summary>
public static class JobPaths
{
    /// <summary>A checkpoint's core, named by the iteration it reached; written once.</summary>
    public static string State(string id, int iteration) => $"{StateFolder(id)}{iteration.ToString("D7", CultureInfo.InvariantCulture)}.safetensors";

    public static string StateFolder(string id) => $"{id}/state/";

    /// <summary>The iteration a core's name says it reached.</summary>
    public static int IterationOfState(string name) =>
        int.Parse(Path.GetFileNameWithoutExtension(name), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The folder of a job's L-BFGS pairs; each pair is written once under its key.</summary>
    public static string PairsFolder(string id) => $"{id}/pairs/";

    public static string Pair(string id, string key) => $"{PairsFolder(id)}{key}.safetensors";

    public static string Preview(string id) => $"{id}/preview.jpg";

    public static string ContentInput(string id, string extension) => $"{id}/input/content{extension}";

    public static string StyleInput(string id, int index, string extension) => $"{id}/input/style-{index.ToString(CultureInfo.InvariantCulture)}{extension}";

    /// <summary>"jobs/{name}": the reference a job keeps for a blob in the jobs container.</summary>
    public static string Reference(string nameInJobs) => $"{PipelineNames.JobsContainer}/{nameInJobs}";
}
