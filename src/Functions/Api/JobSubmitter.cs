using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Nst.Engine.Imaging;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;
using Nst.Functions.Inputs;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Api;

/// <summary>
/// <c>POST /api/jobs</c>: checks everything a user sent before anything is written (images decode within the limits,
/// styles exist, options are valid, the webhook is acceptable), keeps private copies of the images under
/// <c>jobs/{id}/input/</c>, and starts the job's orchestration. The result goes to <c>outbox/api/{id}.ext</c>.
/// </summary>
public sealed class JobSubmitter(StyleLibrary styles, InputSnapshots snapshots, WebhookUrlPolicy webhooks, IOptions<NstSettings> settings, TimeProvider time, ILogger<JobSubmitter> logger)
{
    public async Task<JobView> SubmitAsync(JobSubmission submission, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(client);
        if (submission.Styles.Count == 0)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions, "A job needs at least one style: upload a style image or name one from the library.");
        }

        if (submission.Styles.Count > ApiLimits.MaxStyles)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"A job takes at most {ApiLimits.MaxStyles} styles, got {submission.Styles.Count}.");
        }

        RgbImage decoded = JobInputs.DecodeImage(submission.Content.ToMemory().Span, snapshots.Limits, $"content image '{Quote.Short(submission.ContentFileName)}'");
        string? webhook = await webhooks.CheckAsync(submission.WebhookUrl, "webhook", cancellationToken).ConfigureAwait(false);

        // The first library style's JSON gives defaults; the submission's own options override them.
        var sources = new List<OptionSource>();
        if (submission.Styles.FirstOrDefault(s => s.Name is not null) is { Name: { } libraryStyle }
            && await styles.ReadDefaultsAsync(libraryStyle, cancellationToken).ConfigureAwait(false) is { } defaults)
        {
            sources.Add(defaults);
        }

        sources.Add(new OptionSource(submission.Options.Where(kv => !OptionFields.IsWebhook(kv.Key)).ToList(), OptionSurface.Api));
        // Every style is read and decoded here (a library style too, for its size), before anything is written.
        var planned = new List<(JobStyleInput Input, BinaryData Image, string? FileName, RgbImage Decoded)>();
        for (int k = 0; k < submission.Styles.Count; k++)
        {
            JobStyleInput input = submission.Styles[k];
            if (input.Weight is < 0 or double.NaN or double.PositiveInfinity)
            {
                throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"Style {k + 1} has weight {input.Weight}; weights must be finite and ≥ 0.");
            }

            if (input.Image is { } image)
            {
                planned.Add((input, image, input.FileName, JobInputs.DecodeImage(image.ToMemory().Span, snapshots.Limits, $"style image {k + 1} '{Quote.Short(input.FileName)}'")));
            }
            else if (input.Name is { } name)
            {
                BlobPath blob = BlobPath.Parse(await styles.ResolveAsync(name, cancellationToken).ConfigureAwait(false));
                BinaryData library = await snapshots.ReadAsync(blob, $"style '{name}'", null, cancellationToken).ConfigureAwait(false);
                planned.Add((input, library, blob.Name, JobInputs.DecodeImage(library.ToMemory().Span, snapshots.Limits, $"style '{name}'")));
            }
            else
            {
                throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"Style {k + 1} has neither an image nor a library name.");
            }
        }

        OptionLimits limits = settings.Value.Limits();
        StyleTransferOptions options = JobOptions.Build(sources, planned.Select(p => new JobStyle { Name = p.Input.Name, Weight = p.Input.Weight }).ToList(), limits);
        limits.CheckContent(options, decoded.Width, decoded.Height);
        JobOptions.CheckImages(options, limits, settings.Value.MaxPixels, (decoded.Width, decoded.Height), planned.Select(p => (p.Decoded.Width, p.Decoded.Height)), OptionSurface.Api);

        DateTimeOffset now = time.GetUtcNow();
        string id = JobId.New(now);
        var jobStyles = new List<JobStyle>();
        for (int k = 0; k < planned.Count; k++)
        {
            var (input, image, fileName, _) = planned[k];
            string what = input.Name is { } name ? $"style '{name}'" : $"style image {k + 1}";
            string blob = (await snapshots.KeepAsync(image, fileName, id, k, what, cancellationToken).ConfigureAwait(false)).Reference;
            jobStyles.Add(new JobStyle { Name = input.Name, FileName = input.FileName, Blob = blob, Weight = input.Weight });
        }

        string content = (await snapshots.KeepAsync(submission.Content, submission.ContentFileName, id, null, "content image", cancellationToken).ConfigureAwait(false)).Reference;
        string extension = Path.GetExtension(content);
        string output = $"{PipelineNames.OutboxContainer}/api/{id}{extension}";
        var spec = new JobSpec
        {
            Id = id,
            CreatedAt = now,
            Source = new JobSource { Kind = JobSourceKinds.Api },
            ContentName = submission.ContentFileName,
            Content = content,
            Styles = jobStyles,
            Output = output,
            Report = Path.ChangeExtension(output, ".json"),
            OutputOwner = "job:" + id,
            Options = JobOptions.Describe(options),
            WebhookUrl = webhook,
            Model = settings.Value.Model,
        };
        await JobScheduler.StartOnceAsync(client, new JobInput { Id = id, Spec = spec, Settings = RunSettings.From(settings.Value) }, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Job {JobId} submitted through the API", id);
        return JobView.From(id, now, spec, new JobState { UpdatedAt = now });
    }
}
