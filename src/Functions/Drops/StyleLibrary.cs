using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Drops;

/// <summary>
/// The style library: <c>styles/{name}.jpg|.png|.webp</c> (the first that exists, in that order) with optional option
/// defaults in <c>styles/{name}.json</c>.
/// </summary>
public sealed class StyleLibrary(PipelineResources resources)
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp"];
    private readonly string _container = resources.Container(PipelineNames.StylesContainer);

    /// <summary>Style names are what a drop's folder can be: letters, digits, '-', '_' and '.', not starting with '.'.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 100 } && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The style's image as "styles/{name}.ext", or a <see cref="JobSubmissionException"/> (<c>unknown_style</c>).</summary>
    public async Task<string> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        if (IsValidName(name))
        {
            foreach (string extension in Extensions)
            {
                if (await resources.Blobs.GetPropertiesAsync(_container, name + extension, cancellationToken).ConfigureAwait(false) is not null)
                {
                    return $"{PipelineNames.StylesContainer}/{name}{extension}";
                }
            }
        }

        throw new JobSubmissionException(JobErrorCodes.UnknownStyle,
            $"Style '{name}' is not in the style library: upload styles/{name}.jpg (or .png, .webp) first.");
    }

    /// <summary>The style's option defaults from styles/{name}.json, or null; a file that is not a JSON object is an <c>invalid_options</c> error.</summary>
    public async Task<JsonObject?> ReadDefaultsAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobContent content;
        try
        {
            content = await resources.Blobs.DownloadContentAsync(_container, name + ".json", cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(content.Content.ToString()) as JsonObject
                ?? throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"styles/{name}.json must be a JSON object of options.");
        }
        catch (JsonException e)
        {
            throw new JobSubmissionException(JobErrorCodes.InvalidOptions, $"styles/{name}.json is not valid JSON: {e.Message}", e);
        }
    }
}
