using System.Text.Json;
using Nst.Engine.Session.Options;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Inputs;

/// <summary>
/// The style library: <c>styles/{name}.jpg|.jpeg|.png|.webp</c> (the first that exists, in that order) with optional
/// option defaults in <c>styles/{name}.json</c>.
/// </summary>
public sealed class StyleLibrary(PipelineStorage storage)
{
    public const int MaxDefaultsBytes = 64 * 1024;
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp"];

    /// <summary>Style names are what a drop's folder can be: letters, digits, '-', '_' and '.', not starting with '.', at most 100.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 100 } && name[0] != '.' && !name.EndsWith('.') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The style's image as "styles/{name}.ext", or a <see cref="JobSubmissionException"/> (<c>unknown_style</c>).</summary>
    public async Task<string> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        if (IsValidName(name))
        {
            foreach (string extension in Extensions)
            {
                if ((await storage.Container(PipelineNames.StylesContainer).GetBlobClient(name + extension).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
                {
                    return $"{PipelineNames.StylesContainer}/{name}{extension}";
                }
            }
        }

        throw IsValidName(name)
            ? new JobSubmissionException(JobErrorCodes.UnknownStyle, $"Style '{name}' is not in the style library: upload styles/{name}.jpg (or .png, .webp) first.")
            : NotAStyleName(name);
    }

    /// <summary>
    /// The style's option defaults from styles/{name}.json as an option source, or null; a file that is not a JSON
    /// object of options is an <c>invalid_options</c> error. A <c>webhook</c> key there is not an option and is skipped.
    /// </summary>
    public async Task<OptionSource?> ReadDefaultsAsync(string name, CancellationToken cancellationToken = default)
    {
        // A name is checked before it names a blob: "../outbox/api/{id}" would read another job's report.
        if (!IsValidName(name))
        {
            throw NotAStyleName(name);
        }

        var blob = storage.Container(PipelineNames.StylesContainer).GetBlobClient(name + ".json");
        if (await BlobWrites.ReadIfExistsAsync(blob, cancellationToken).ConfigureAwait(false) is not { } content)
        {
            return null;
        }

        if (content.ToMemory().Length > MaxDefaultsBytes)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"styles/{name}.json is larger than {MaxDefaultsBytes / 1024} KB.");
        }

        JsonElement root;
        try
        {
            root = UserJson.ParseElement(content.ToMemory());
        }
        catch (JsonException e)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"styles/{name}.json is not valid JSON: {Quote.Short(e.Message)}", e);
        }

        var surface = new OptionSurface($"styles/{name}.json", $"styles/{name}.json:", OptionNaming.Snake);
        return new OptionSource(OptionJson.ToValues(root, surface).Where(kv => !OptionFields.IsWebhook(kv.Key)).ToList(), surface);
    }

    private static JobSubmissionException NotAStyleName(string? name) =>
        new(JobErrorCodes.UnknownStyle, $"'{Quote.Short(name)}' is not a style name (letters, digits, '-', '_', '.').");
}
