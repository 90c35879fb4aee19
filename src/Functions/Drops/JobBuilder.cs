using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Nst.Engine;
using Nst.Engine.Session;
using Nst.Engine.Session.Options;
using Nst.Functions.Chunks;
using Nst.Functions.Inputs;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Webhooks;

namespace Nst.Functions.Drops;

/// <summary>
/// The <see cref="TaskNames.PrepareDrop"/> activity: turns an upload into a job — a drop <c>inbox/{style}/{path}</c>
/// or a manifest <c>inbox/{name}.json</c>. Inputs are copied under <c>jobs/{id}/input/</c> (the drop itself at the
/// upload's ETag), so replacing a style or a photo later cannot change the job. What the user got wrong comes back as
/// the job's error with everything known so far — above all its webhook, so the user hears of it. Storage faults are
/// thrown and retried.
/// </summary>
public sealed class JobBuilder(PipelineStorage storage, StyleLibrary styles, InputSnapshots snapshots, WebhookUrlPolicy webhooks, OutputWriter outputs, IOptions<NstSettings> settings)
{
    private const string MetadataPrefix = "nst_";

    public async Task<PrepareResult> PrepareAsync(DropRequest drop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drop);
        DropKind kind = DropKinds.Classify(drop.Blob);
        var draft = new Draft(new JobSpec
        {
            Id = drop.JobId,
            CreatedAt = drop.UploadedAt,
            Source = new JobSource { Kind = kind == DropKind.Manifest ? JobSourceKinds.Manifest : JobSourceKinds.Drop, Blob = $"{PipelineNames.InboxContainer}/{drop.Blob}", ETag = drop.ETag },
            ContentName = Path.GetFileName(drop.Blob),
            Model = settings.Value.Model,
        });
        try
        {
            if (BlobPath.NameProblem(drop.Blob) is { } problem)
            {
                throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"inbox/{Quote.Short(drop.Blob)} {problem}.");
            }

            await (kind switch
            {
                DropKind.Manifest => BuildManifestAsync(draft, drop, cancellationToken),
                DropKind.Drop => BuildDropAsync(draft, drop, cancellationToken),
                _ => throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"inbox/{Quote.Short(drop.Blob)} is neither inbox/{{style}}/{{image}} nor a top-level .json manifest."),
            }).ConfigureAwait(false);
            return new PrepareResult(draft.Spec, null);
        }
        catch (NstException e)
        {
            return new PrepareResult(draft.Spec, e is JobSubmissionException s ? s.ToError() : new JobError(JobErrorCodes.InvalidOptions, e.Message));
        }
    }

    /// <summary>A drop: the folder names the style; options come from styles/{style}.json, then nst_* metadata.</summary>
    private async Task BuildDropAsync(Draft draft, DropRequest drop, CancellationToken cancellationToken)
    {
        string name = drop.Blob;
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        string styleName = name[..slash];
        string output = $"{PipelineNames.OutboxContainer}/{name}";
        BlobProperties properties = await PropertiesAsync(name, drop.ETag, cancellationToken).ConfigureAwait(false);
        var metadata = properties.Metadata.Where(kv => kv.Key.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase)).ToArray();
        draft.Spec = draft.Spec with
        {
            Output = output,
            Report = Path.ChangeExtension(output, ".json"),
            OutputOwner = "drop:" + draft.Spec.Source.Blob,
            Styles = [new JobStyle { Name = styleName }],
        };
        draft.Spec = draft.Spec with { WebhookUrl = await webhooks.CheckAsync(metadata.FirstOrDefault(kv => OptionFields.IsWebhook(kv.Key)).Value, "nst_webhook", cancellationToken).ConfigureAwait(false) };
        var asked = new OptionSource(metadata.Where(kv => !OptionFields.IsWebhook(kv.Key)).ToList(), OptionSurface.DropMetadata);
        draft.Spec = draft.Spec with { Options = JobOptions.DescribeAsked([asked]) };
        await CheckOutputsAsync(draft.Spec, JobErrorCodes.InvalidOptions, cancellationToken).ConfigureAwait(false);

        string styleBlob = await styles.ResolveAsync(styleName, cancellationToken).ConfigureAwait(false);
        var sources = new List<OptionSource>();
        if (await styles.ReadDefaultsAsync(styleName, cancellationToken).ConfigureAwait(false) is { } defaults)
        {
            sources.Add(defaults);
        }

        sources.Add(asked);
        string id = draft.Spec.Id;
        var limits = settings.Value.Limits();
        StyleTransferOptions options = JobOptions.Build(sources, draft.Spec.Styles, limits);
        KeptImage style = await snapshots.CopyAsync(BlobPath.Parse(styleBlob), id, 0, $"style '{styleName}'", null, cancellationToken).ConfigureAwait(false);
        JobStyle[] jobStyles = [new JobStyle { Name = styleName, Blob = style.Reference }];
        KeptImage content = await snapshots.CopyAsync(new BlobPath(PipelineNames.InboxContainer, name), id, null, $"inbox/{name}", new ETag(drop.ETag), cancellationToken).ConfigureAwait(false);
        limits.CheckContent(options, content.Width, content.Height);
        JobOptions.CheckImages(options, limits, settings.Value.MaxPixels, (content.Width, content.Height), [(style.Width, style.Height)], OptionSurface.DropMetadata);
        draft.Spec = draft.Spec with { Content = content.Reference, Styles = jobStyles, Options = JobOptions.Describe(options) };
    }

    /// <summary>A manifest: a content blob in the inbox, styles with weights, options, a webhook and an output.</summary>
    private async Task BuildManifestAsync(Draft draft, DropRequest drop, CancellationToken cancellationToken)
    {
        BlobProperties properties = await PropertiesAsync(drop.Blob, drop.ETag, cancellationToken).ConfigureAwait(false);
        if (properties.ContentLength > Manifest.MaxBytes)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidManifest, $"Manifest: it is larger than {Manifest.MaxBytes / 1024} KB.");
        }

        BinaryData json = (await storage.Container(PipelineNames.InboxContainer).GetBlobClient(drop.Blob)
            .DownloadContentAsync(new BlobRequestConditions { IfMatch = new ETag(drop.ETag) }, cancellationToken).ConfigureAwait(false)).Value.Content;
        Manifest manifest = Manifest.Parse(json);
        string baseName = Path.ChangeExtension(drop.Blob, null);
        string output = manifest.Output?.ToString()
            ?? $"{PipelineNames.OutboxContainer}/{baseName}{Path.GetExtension(manifest.Content.Name).ToLowerInvariant() switch { "" => ".png", var e => e }}";
        draft.Spec = draft.Spec with
        {
            ContentName = Path.GetFileName(manifest.Content.Name),
            Output = output,
            Report = Path.ChangeExtension(output, ".json"),
            OutputOwner = "manifest:" + draft.Spec.Source.Blob,
            Styles = manifest.Styles.Select(s => new JobStyle { Name = s.Name, FileName = s.Blob?.Name, Weight = s.Weight }).ToList(),
        };
        OptionSource? asked = null;
        if (manifest.Options is { } given)
        {
            try
            {
                asked = new OptionSource(OptionJson.ToValues(JsonSerializer.SerializeToElement(given), OptionSurface.Manifest).Where(kv => !OptionFields.IsWebhook(kv.Key)).ToList(), OptionSurface.Manifest);
                draft.Spec = draft.Spec with { Options = JobOptions.DescribeAsked([asked]) };
            }
            catch (NstException e)
            {
                throw new JobSubmissionException(JobErrorCodes.InvalidOptions, e.Message, e);
            }
        }

        draft.Spec = draft.Spec with { WebhookUrl = await webhooks.CheckAsync(manifest.Webhook, "Manifest webhook", cancellationToken).ConfigureAwait(false) };
        await CheckOutputsAsync(draft.Spec, JobErrorCodes.InvalidManifest, cancellationToken).ConfigureAwait(false);

        string id = draft.Spec.Id;
        var sources = new List<OptionSource>();
        var sourcesOfStyles = new List<BlobPath>();
        foreach (ManifestStyle style in manifest.Styles)
        {
            sourcesOfStyles.Add(style.Blob ?? BlobPath.Parse(await styles.ResolveAsync(style.Name!, cancellationToken).ConfigureAwait(false)));
        }

        if (manifest.Styles[0].Name is { } first && await styles.ReadDefaultsAsync(first, cancellationToken).ConfigureAwait(false) is { } defaults)
        {
            sources.Add(defaults);
        }

        if (asked is not null)
        {
            sources.Add(asked);
        }

        var limits = settings.Value.Limits();
        StyleTransferOptions options = JobOptions.Build(sources, draft.Spec.Styles, limits);
        var jobStyles = new List<JobStyle>();
        var styleSizes = new List<(int, int)>();
        for (int k = 0; k < manifest.Styles.Count; k++)
        {
            KeptImage copy = await snapshots.CopyAsync(sourcesOfStyles[k], id, k, $"style {sourcesOfStyles[k]}", null, cancellationToken).ConfigureAwait(false);
            jobStyles.Add(draft.Spec.Styles[k] with { Blob = copy.Reference });
            styleSizes.Add((copy.Width, copy.Height));
        }

        KeptImage content = await snapshots.CopyAsync(manifest.Content, id, null, manifest.Content.ToString(), null, cancellationToken).ConfigureAwait(false);
        limits.CheckContent(options, content.Width, content.Height);
        JobOptions.CheckImages(options, limits, settings.Value.MaxPixels, (content.Width, content.Height), styleSizes, OptionSurface.Manifest);
        draft.Spec = draft.Spec with { Content = content.Reference, Styles = jobStyles, Options = JobOptions.Describe(options) };
    }

    // The result and report names pass the blob-path rule (the report's ".json" can make a name too long), and
    // another job's result or report under them fails this job now, not after it has run.
    private async Task CheckOutputsAsync(JobSpec spec, string invalidCode, CancellationToken cancellationToken)
    {
        string[] references = [spec.Output!, spec.Report!];
        foreach (string reference in references)
        {
            if (!BlobPath.TryParse(reference, out _, out string? problem))
            {
                throw new JobSubmissionException(invalidCode, $"The result would be written to '{Quote.Short(reference)}', which {problem}.");
            }
        }

        foreach (string reference in references)
        {
            if (await outputs.CheckAsync(spec, reference, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                throw new JobSubmissionException(taken.Code, taken.Message);
            }
        }
    }

    private async Task<BlobProperties> PropertiesAsync(string name, string etag, CancellationToken cancellationToken)
    {
        try
        {
            BlobProperties properties = (await storage.Container(PipelineNames.InboxContainer).GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return properties.ETag == new ETag(etag)
                ? properties
                : throw new JobSubmissionException(JobErrorCodes.InputNotFound, $"inbox/{name} was replaced by a newer upload, which makes a job of its own.");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new JobSubmissionException(JobErrorCodes.InputNotFound, $"inbox/{name} no longer exists.", e);
        }
    }

    // The job as far as it got, so a failure still reports its source, output and webhook.
    private sealed class Draft(JobSpec spec)
    {
        public JobSpec Spec { get; set; } = spec;
    }
}
