using Microsoft.AspNetCore.Http.Features;
using Nst.Functions.Jobs;

namespace Nst.Functions.Api;

/// <summary>
/// Reads <c>POST /api/jobs</c>'s multipart form into a <see cref="JobSubmission"/>: the <c>content</c> file, any
/// <c>style</c> files (first) and <c>styleName</c> library names (repeated or comma-separated, after the files), an
/// optional <c>webhook</c>, and every other field as an option keyed like the <c>nst_*</c> metadata without the
/// prefix (<c>iterations</c>, <c>style_weight</c>, <c>styleBlend</c>, …), which the job's option parser checks.
/// </summary>
public static class JobFormReader
{
    public const string ContentField = "content";
    public const string StyleFileField = "style";
    public const string StyleNameField = "styleName";
    public const string WebhookField = "webhook";

    private static readonly HashSet<string> NonOptionFields = new([ContentField, StyleFileField, StyleNameField, WebhookField], StringComparer.OrdinalIgnoreCase);

    public static async Task<JobSubmission> ReadAsync(HttpRequest request, long maxUploadBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxUploadBytes)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        if (!request.HasFormContentType)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions,
                "POST /api/jobs takes multipart/form-data with a 'content' file and a 'style' file or 'styleName'.");
        }

        // Kestrel's own body limit (30 MB by default) and the form reader's follow Nst:MaxUploadBytes for this call only;
        // fields are few and short (a 5 MB option value is refused, not echoed).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxUploadBytes;
        }

        var formOptions = new FormOptions
        {
            MultipartBodyLengthLimit = maxUploadBytes,
            ValueCountLimit = ApiLimits.MaxFormFields,
            ValueLengthLimit = ApiLimits.MaxFieldBytes,
            KeyLengthLimit = 256,
        };
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, formOptions));
        IFormCollection form = await request.ReadFormAsync(cancellationToken);

        IFormFile content = form.Files.GetFile(ContentField)
            ?? throw new JobSubmissionException(JobErrorCodes.InvalidOptions, "The form has no 'content' file: attach the photo to stylise.");

        var styles = new List<JobStyleInput>();
        foreach (IFormFile file in form.Files.GetFiles(StyleFileField))
        {
            // A browser sends an empty part for a file input left blank.
            if (file.Length == 0 && string.IsNullOrEmpty(file.FileName)) continue;
            styles.Add(JobStyleInput.FromImage(await ReadAsync(file, cancellationToken), FileName(file)));
        }

        foreach (string name in form[StyleNameField].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            styles.Add(JobStyleInput.FromLibrary(name));
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (NonOptionFields.Contains(key) || values.LastOrDefault() is not { Length: > 0 } value) continue;
            options[key] = value;
        }

        string? webhook = form[WebhookField].LastOrDefault();
        return new JobSubmission
        {
            Content = await ReadAsync(content, cancellationToken),
            ContentFileName = FileName(content),
            Styles = styles,
            Options = options,
            WebhookUrl = string.IsNullOrWhiteSpace(webhook) ? null : webhook.Trim(),
        };
    }

    private static async Task<BinaryData> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        await using Stream stream = file.OpenReadStream();
        return await BinaryData.FromStreamAsync(stream, cancellationToken);
    }

    // Only the last path segment of what the client sent: the name picks an extension, never a location.
    private static string FileName(IFormFile file) => Path.GetFileName(file.FileName.Replace('\\', '/'));
}
