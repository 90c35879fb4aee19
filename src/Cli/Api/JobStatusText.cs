using System.Globalization;
using System.Text;

namespace Nst.Cli.Api;

/// <summary>How <c>nst status</c> and <c>nst submit --wait</c> show a job to a person.</summary>
internal static class JobStatusText
{
    /// <summary>A few aligned lines: id, status, progress, losses, and the output or the error.</summary>
    public static string Describe(JobView job)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"id        {job.Id}\n");
        text.Append(CultureInfo.InvariantCulture, $"status    {job.Status}{(job.CancelRequested && !job.IsFinished ? " (cancel requested)" : "")}\n");
        if (job.Progress is { Iterations: > 0 } p)
        {
            text.Append(CultureInfo.InvariantCulture, $"progress  {Progress(p)}\n");
            if (p.Losses is { } l)
            {
                text.Append(CultureInfo.InvariantCulture, $"losses    content {Number(l.Content)}  style {Number(l.Style)}  tv {Number(l.Tv)}  total {Number(l.Total)}\n");
            }
        }

        if (job.Status == "succeeded" && job.Output is { } output)
        {
            text.Append(CultureInfo.InvariantCulture, $"output    {output}\n");
        }

        if (job.Error is { } e)
        {
            text.Append(CultureInfo.InvariantCulture, $"error     {e.Code}: {e.Message}\n");
        }

        return text.ToString();
    }

    /// <summary>One line for a progress report while waiting.</summary>
    public static string OneLine(JobView job)
    {
        string line = job.Progress is { Iterations: > 0 } p ? $"{job.Status}: {Progress(p)}" : job.Status;
        return job.Progress?.Losses?.Total is double total ? $"{line}, loss {Number(total)}" : line;
    }

    private static string Progress(JobProgressView p)
    {
        string iterations = $"iteration {p.Iteration}/{p.Iterations}";
        return p.Scales > 1 ? $"scale {p.Scale + 1}/{p.Scales}, {iterations}" : iterations;
    }

    private static string Number(double? value) => value is double v ? v.ToString("G4", CultureInfo.InvariantCulture) : "-";
}
