using Azure;
using Microsoft.Extensions.Options;
using Nst.Engine.Imaging;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Drops;

/// <summary>
/// Turns an inbox blob into a job record: a drop <c>inbox/{style}/{path}</c> or a manifest <c>inbox/{name}.json</c>.
/// Inputs are copied under <c>jobs/{id}/input/</c> so replacing a style or the dropped blob later cannot change a
/// running job. Anything the user got wrong throws a <see cref="JobSubmissionException"/>.
/// </summary>
public sealed class DropJobBuilder(PipelineResources resources, StyleLibrary styles, IOptions<NstSettings> settings)
{
    private const string MetadataPrefix = "nst_";
    private const string WebhookKey = "webhook";
    private static readonly string[] NonOptionKeys = [WebhookKey];

    /// <summary>A drop: the folder names the style; options come from styles/{style}.json, then nst_* metadata.</summary>
    public async Task BuildDropAsync(JobDraft draft, string blobName, BlobProperties properties, CancellationToken cancellationToken)
    {
        int slash = blobName.IndexOf('/', StringComparison.Ordinal);
        string style = blobName[..slash];
        string relative = blobName[(slash + 1)..];
        string output = $"{PipelineNames.OutboxContainer}/{style}/{relative}";
        var metadata = properties.Metadata
            .Where(kv => kv.Key.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(kv => new KeyValuePair<string, string>(kv.Key[MetadataPrefix.Length..].ToLowerInvariant(), kv.Value))
            .ToArray();
        string? webhook = JobInputs.WebhookUrl(metadata.FirstOrDefault(kv => kv.Key == WebhookKey).Value, "nst_webhook");
        draft.Record = draft.Record with
        {
            Content = $"{PipelineNames.InboxContainer}/{blobName}",
            Styles = [new JobStyle { Name = style, Blob = $"{PipelineNames.StylesContainer}/{style}" }],
            Output = output,
            Report = Path.ChangeExtension(output, ".json"),
            Webhook = new JobWebhook { Url = webhook },
        };

        string styleBlob = await styles.ResolveAsync(style, cancellationToken).ConfigureAwait(false);
        JobOptions options = JobOptions.PipelineDefaults;
        if (await styles.ReadDefaultsAsync(style, cancellationToken).ConfigureAwait(false) is { } defaults)
        {
            options = JobOptionsParser.Apply(options, JobOptionsParser.FromJson(defaults, $"styles/{style}.json"), ignored: NonOptionKeys);
        }

        options = JobOptionsParser.Apply(options, metadata, key => MetadataPrefix + key, NonOptionKeys);
        string id = draft.Record.Id;
        var jobStyles = new[] { new JobStyle { Name = style, Blob = await SnapshotAsync(BlobPath.Parse(styleBlob), id, 0, $"style '{style}'", cancellationToken).ConfigureAwait(false) } };
        options.Validate(jobStyles);
        string content = await SnapshotAsync(new BlobPath(PipelineNames.InboxContainer, blobName), id, null, $"inbox/{blobName}", cancellationToken).ConfigureAwait(false);
        draft.Record = draft.Record with { Content = content, Styles = jobStyles, Options = options };
    }

    /// <summary>A manifest: any content blob, several styles with weights, options, webhook and output.</summary>
    public async Task BuildManifestAsync(JobDraft draft, string blobName, CancellationToken cancellationToken)
    {
        BlobContent json = await resources.Blobs.DownloadContentAsync(resources.Container(PipelineNames.InboxContainer), blobName, cancellationToken).ConfigureAwait(false);
        Manifest manifest = Manifest.Parse(json.Content);
        string? webhook = JobInputs.WebhookUrl(manifest.Webhook, "Manifest webhook");
        string baseName = Path.ChangeExtension(blobName, null);
        string output = manifest.Output?.ToString()
            ?? $"{PipelineNames.OutboxContainer}/{baseName}{Path.GetExtension(manifest.Content.Name).ToLowerInvariant() switch { "" => ".png", var e => e }}";
        draft.Record = draft.Record with
        {
            Content = manifest.Content.ToString(),
            Output = output,
            Report = Path.ChangeExtension(output, ".json"),
            Webhook = new JobWebhook { Url = webhook },
        };

        string id = draft.Record.Id;
        var jobStyles = new List<JobStyle>();
        JobOptions options = JobOptions.PipelineDefaults;
        for (int k = 0; k < manifest.Styles.Count; k++)
        {
            ManifestStyle style = manifest.Styles[k];
            BlobPath source = style.Blob ?? BlobPath.Parse(await styles.ResolveAsync(style.Name!, cancellationToken).ConfigureAwait(false));
            if (k == 0 && style.Name is { } name && await styles.ReadDefaultsAsync(name, cancellationToken).ConfigureAwait(false) is { } defaults)
            {
                options = JobOptionsParser.Apply(options, JobOptionsParser.FromJson(defaults, $"styles/{name}.json"), ignored: NonOptionKeys);
            }

            string blob = await SnapshotAsync(source, id, k, $"style {source}", cancellationToken).ConfigureAwait(false);
            jobStyles.Add(new JobStyle { Name = style.Name, Blob = blob, Weight = style.Weight });
        }

        if (manifest.Options is { } given)
        {
            options = JobOptionsParser.Apply(options, JobOptionsParser.FromJson(given, "options"), key => "options." + key, NonOptionKeys);
        }

        options.Validate(jobStyles);
        string content = await SnapshotAsync(manifest.Content, id, null, manifest.Content.ToString(), cancellationToken).ConfigureAwait(false);
        draft.Record = draft.Record with { Content = content, Styles = jobStyles, Options = options };
    }

    // Reads an input image, checks it decodes within the limits, and copies it to jobs/{id}/input/.
    private async Task<string> SnapshotAsync(BlobPath source, string id, int? styleIndex, string what, CancellationToken cancellationToken)
    {
        BlobContent content;
        try
        {
            content = await resources.Blobs.DownloadContentAsync(resources.Container(source.Container), source.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new JobSubmissionException(JobErrorCodes.InputNotFound, $"{what} does not exist.", e);
        }

        var limits = ImageLimits.Default with { MaxPixels = settings.Value.MaxPixels };
        ReadOnlySpan<byte> bytes = content.Content.ToMemory().Span;
        JobInputs.DecodeImage(bytes, limits, what);
        string extension = ImageFiles.ExtensionFor(source.Name, bytes);
        string name = styleIndex is { } k ? JobPaths.StyleInput(id, k, extension) : JobPaths.ContentInput(id, extension);
        await resources.Blobs.UploadAsync(resources.Container(PipelineNames.JobsContainer), name, content.Content, cancellationToken: cancellationToken).ConfigureAwait(false);
        return JobPaths.Reference(name);
    }
}
