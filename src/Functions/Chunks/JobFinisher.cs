using Microsoft.Extensions.Logging;
using Nst.Engine;
using Nst.Engine.Imaging;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Chunks;

/// <summary>
/// The <see cref="TaskNames.FinishJob"/> activity: render the final checkpoint (from this worker's memory when it ran
/// the last chunk), write the result in the job's output format and the report beside it. Idempotent: a re-run writes
/// the same bytes under the same owner.
/// </summary>
public sealed class JobFinisher(SessionLoader loader, SessionCache cache, OutputWriter outputs, ILogger<JobFinisher> logger)
{
    public async Task<FinishOutcome> FinishAsync(FinishRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        JobSpec spec = request.Spec;
        try
        {
            using CachedSession entry = await cache.TakeAsync(spec.Id, request.Checkpoint).ConfigureAwait(false) ?? (await loader.LoadAsync(spec, request.Checkpoint, cancellationToken).ConfigureAwait(false)).Session;
            RgbImage image = entry.Session.Render();
            byte[] encoded = ImageCodec.Encode(image, entry.Inputs.OutputFormat);
            if (await outputs.WriteAsync(spec, spec.Output!, new BinaryData(encoded), ImageFiles.ContentType(entry.Inputs.OutputFormat), cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return new FinishOutcome(image.Width, image.Height, refused);
            }

            // The report shows what ran: options that were "auto" now have the preprocessing's values.
            BinaryData report = JobReport.Build(spec, request.State, OptionCatalog.Describe(entry.Inputs.Options, entry.Session.Preprocess), image.Width, image.Height, entry.Session.Fingerprint, entry.Inputs.Weights.Source);
            if (await outputs.WriteAsync(spec, spec.Report!, report, "application/json", cancellationToken).ConfigureAwait(false) is { } reportRefused)
            {
                return new FinishOutcome(image.Width, image.Height, reportRefused);
            }

            logger.LogInformation("Job {JobId} wrote {Output} ({Width}x{Height}, {Bytes:N0} bytes)", spec.Id, spec.Output, image.Width, image.Height, encoded.Length);
            return new FinishOutcome(image.Width, image.Height, null);
        }
        catch (NstException e)
        {
            JobError error = e is JobSubmissionException s ? s.ToError() : new JobError(JobErrorCodes.InvalidInput, e.Message);
            return new FinishOutcome(0, 0, error);
        }
    }
}
