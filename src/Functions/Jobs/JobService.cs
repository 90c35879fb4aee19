using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nst.Engine.Imaging;
using Nst.Functions.Chain;
using Nst.Functions.Drops;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Jobs;

/// <summary>
/// Jobs as the HTTP API sees them: submit (inputs copied under <c>jobs/{id}/input/</c>, job.json created, chunk 0
/// enqueued), read, list, cancel, and open the result or preview. Errors a user causes throw
/// <see cref="JobSubmissionException"/> with a code and one line.
/// </summary>
public sealed class JobService(
    PipelineResources resources,
    JobStore store,
    StyleLibrary styles,
    ChunkQueue chunks,
    JobNotifier notifier,
    IOptions<NstSettings> settings,
    TimeProvider time,
    ILogger<JobService> logger)
{
    private static readonly string[] NonOptionKeys = ["webhook"];

    public async Task<JobRecord> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Styles.Count == 0)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions, "A job needs at least one style: upload a style image or name one from the library.");
        }

        var limits = ImageLimits.Default with { MaxPixels = settings.Value.MaxPixels };
        JobInputs.DecodeImage(submission.Content, limits, $"content '{submission.ContentFileName}'");
        string? webhook = JobInputs.WebhookUrl(submission.WebhookUrl, "webhook");

        // The first library style's JSON gives defaults; the submission's own options override them.
        JobOptions options = JobOptions.PipelineDefaults;
        if (submission.Styles.FirstOrDefault(s => s.Name is not null) is { Name: { } libraryStyle }
            && await styles.ReadDefaultsAsync(libraryStyle, cancellationToken).ConfigureAwait(false) is { } defaults)
        {
            options = JobOptionsParser.Apply(options, JobOptionsParser.FromJson(defaults, $"styles/{libraryStyle}.json"), ignored: NonOptionKeys);
        }

        options = JobOptionsParser.Apply(options, submission.Options, ignored: NonOptionKeys);

        DateTimeOffset now = time.GetUtcNow();
        string id = JobId.New(now);
        string jobs = resources.Container(PipelineNames.JobsContainer);
        var jobStyles = new List<JobStyle>();
        for (int k = 0; k < submission.Styles.Count; k++)
        {
            JobStyleInput input = submission.Styles[k];
            if (input.Weight is < 0 or double.NaN or double.PositiveInfinity)
            {
                throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"Style {k + 1} has weight {input.Weight}; weights must be finite and ≥ 0.");
            }

            if (input.Image is { } image)
            {
                JobInputs.DecodeImage(image, limits, $"style '{input.FileName ?? $"style {k + 1}"}'");
                string name = JobPaths.StyleInput(id, k, ImageFiles.ExtensionFor(input.FileName, image.ToMemory().Span));
                await resources.Blobs.UploadAsync(jobs, name, image, cancellationToken: cancellationToken).ConfigureAwait(false);
                jobStyles.Add(new JobStyle { Name = null, Blob = JobPaths.Reference(name), Weight = input.Weight });
            }
            else if (input.Name is { } styleName)
            {
                jobStyles.Add(new JobStyle { Name = styleName, Blob = await styles.ResolveAsync(styleName, cancellationToken).ConfigureAwait(false), Weight = input.Weight });
            }
            else
            {
                throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"Style {k + 1} has neither an image nor a library name.");
            }
        }

        options.Validate(jobStyles);
        string extension = ImageFiles.ExtensionFor(submission.ContentFileName, submission.Content.ToMemory().Span);
        string contentName = JobPaths.ContentInput(id, extension);
        await resources.Blobs.UploadAsync(jobs, contentName, submission.Content, cancellationToken: cancellationToken).ConfigureAwait(false);
        string output = $"{PipelineNames.OutboxContainer}/api/{id}{extension}";
        var record = new JobRecord
        {
            Id = id,
            CreatedAt = now,
            UpdatedAt = now,
            Source = new JobSource { Kind = JobSourceKinds.Api },
            Content = JobPaths.Reference(contentName),
            Styles = jobStyles,
            Output = output,
            Report = Path.ChangeExtension(output, ".json"),
            Options = options,
            Webhook = new JobWebhook { Url = webhook },
            Model = settings.Value.Model,
        };
        await store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        await chunks.EnqueueAsync(id, 0, cancellationToken: cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Job {JobId} submitted through the API", id);
        return record;
    }

    public async Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await store.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Record;

    /// <summary>The newest jobs first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<JobRecord>> ListRecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var records = new List<JobRecord>();
        foreach (string id in (await store.ListIdsAsync(cancellationToken).ConfigureAwait(false)).Take(limit))
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                records.Add(stored.Record);
            }
        }

        return records;
    }

    /// <summary>
    /// Queued jobs are cancelled at once (and their webhook queued); running ones get <c>cancelRequested</c> and stop
    /// at their next chunk boundary; finished ones are returned as they are. Null if there is no such job.
    /// </summary>
    public async Task<JobRecord?> RequestCancelAsync(string id, CancellationToken cancellationToken = default)
    {
        bool cancelledNow = false;
        StoredJob? stored = await store.UpdateAsync(id, job =>
        {
            cancelledNow = job.Status == JobStatus.Queued;
            return job.Status switch
            {
                JobStatus.Queued => JobTransitions.Cancelled(job, time.GetUtcNow()),
                JobStatus.Running when !job.CancelRequested => job with { CancelRequested = true },
                _ => null,
            };
        }, cancellationToken).ConfigureAwait(false);
        if (stored is not null && cancelledNow)
        {
            logger.LogInformation("Job {JobId} cancelled before it started", id);
            await notifier.EnqueueAsync(stored.Record, cancellationToken).ConfigureAwait(false);
        }

        return stored?.Record;
    }

    /// <summary>The result image of a succeeded job; null when there is none (yet).</summary>
    public async Task<BlobDownload?> OpenResultAsync(string id, CancellationToken cancellationToken = default)
    {
        JobRecord? job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return job is { Status: JobStatus.Succeeded, Output: { } output } ? await OpenAsync(output, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The latest preview (JPEG); null before the first chunk has committed.</summary>
    public async Task<BlobDownload?> OpenPreviewAsync(string id, CancellationToken cancellationToken = default)
    {
        JobRecord? job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return job?.Progress.Preview is { } preview ? await OpenAsync(preview, cancellationToken).ConfigureAwait(false) : null;
    }

    private async Task<BlobDownload?> OpenAsync(string reference, CancellationToken cancellationToken)
    {
        BlobPath path = BlobPath.Parse(reference);
        try
        {
            return await resources.Blobs.DownloadAsync(resources.Container(path.Container), path.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
