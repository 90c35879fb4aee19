using System.Diagnostics;
using Nst.Engine.Imaging;
using Nst.Engine.Session;

namespace Nst.Functions.Chain;

/// <summary>
/// The CPU part of a chunk, run on a worker thread: build the session, resume from the committed checkpoint, step
/// until the time budget is spent (at least one iteration), the run is complete or a cancel is seen, then export the
/// checkpoint or render the result. Because the session resumes bit-identically, where a chunk stops never changes
/// the final image.
/// </summary>
public static class ChunkWork
{
    /// <summary>Longest side of previews.</summary>
    public const int PreviewSize = 512;

    public static ChunkResult Run(ChunkInputs inputs, TimeSpan budget, Func<bool> cancelRequested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(cancelRequested);
        var clock = Stopwatch.StartNew();
        using var session = StyleTransfer.Create(inputs.Options, inputs.Weights.Convs, inputs.Content, inputs.Styles, ModelProvider.PreprocessOf(inputs.Weights));
        if (inputs.Checkpoint is { } checkpoint)
        {
            session.Resume(checkpoint);
        }

        var reports = new List<IterationReport>();
        var stepping = Stopwatch.StartNew();
        while (!session.IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reports.Add(session.Step()!);
            if (stepping.Elapsed >= budget || cancelRequested())
            {
                break;
            }
        }

        RgbImage image = session.Render();
        byte[]? output = session.IsComplete ? ImageCodec.Encode(image, inputs.OutputFormat) : null;
        byte[]? state = null;
        if (!session.IsComplete)
        {
            using var buffer = new MemoryStream();
            session.Export().WriteTo(buffer);
            state = buffer.ToArray();
        }

        RgbImage preview = Math.Max(image.Width, image.Height) > PreviewSize ? ImageResizer.ResizeLongSide(image, PreviewSize) : image;
        return new ChunkResult
        {
            Reports = reports,
            Iteration = session.Iteration,
            TotalIterations = session.TotalIterations,
            Scale = session.Scale,
            ScaleCount = session.ScaleCount,
            IsComplete = session.IsComplete,
            Fingerprint = session.Fingerprint,
            Width = session.Width,
            Height = session.Height,
            Checkpoint = state,
            Output = output,
            Preview = ImageCodec.Encode(preview, ImageFormat.Jpeg, quality: 85),
            RunSeconds = clock.Elapsed.TotalSeconds,
        };
    }
}
