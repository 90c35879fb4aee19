using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.EndToEnd;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// A host for hostile drops and manifests: the operator's webhook goes to the receiver (so every failed job is heard
/// of), per-job webhooks must be public, uploads are limited to 1 MB and images to 100,000 pixels. Before the first case it has library styles
/// <c>mosaic</c> and <c>gallery</c>, a content image <c>inbox/photo.png</c> (not a drop: it is at the top level) and three finished
/// victims whose results later cases try to reach or overwrite: a drop, a manifest and an API job.
/// </summary>
public sealed class InboxHost : HostileHost
{
    public const string Style = "mosaic";

    /// <summary>A library style whose drops' results (<c>outbox/gallery/…</c>) share a folder with the victim manifest's.</summary>
    public const string GalleryStyle = "gallery";
    public const string Photo = "photo.png";
    public const string VictimDrop = "mosaic/victim.png";
    public const string VictimManifest = "victim-manifest.json";
    public const string VictimManifestOutput = "outbox/gallery/v.png";
    public const long MaxUploadBytes = 1024 * 1024;
    public const long MaxPixels = 100_000;

    public string VictimDropJob { get; private set; } = "";

    public string VictimManifestJob { get; private set; } = "";

    public string VictimApiJob { get; private set; } = "";

    /// <summary>Small, fast options every job that is meant to run gets.</summary>
    public static IDictionary<string, string> Small => DropJobs.Small(2);

    /// <summary>A manifest asking for <c>inbox/photo.png</c> in the <c>mosaic</c> style, small and fast, with <paramref name="extra"/> on top.</summary>
    public static string Manifest(string extra = "") =>
        $$"""{"content": "inbox/{{Photo}}", "styles": [{"name": "{{Style}}"}], "options": {"size": 48, "iterations": 2}{{extra}}}""";

    protected override bool EveryJobHasWebhook => true;

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Nst:Webhook:Url"] = Receiver.Url,
        ["Nst:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Nst:MaxPixels"] = MaxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override async Task SetUpAsync(TestAppHost host)
    {
        await host.UploadStyleAsync(Style);
        await host.UploadStyleAsync(GalleryStyle);
        await host.UploadAsync(PipelineNames.InboxContainer, Photo, TestImages.Png(48, 36, 5));
        VictimDropJob = await host.DropAsync(VictimDrop, TestImages.Png(40, 32, 6), Small);
        VictimManifestJob = await host.DropAsync(VictimManifest, System.Text.Encoding.UTF8.GetBytes(Manifest($$""", "output": "{{VictimManifestOutput}}" """)));
        using (MultipartFormDataContent form = Forms.Job(TestImages.Png(40, 30, 7), ("styleName", Style), ("size", "48"), ("iterations", "2")))
        using (HttpResponseMessage response = await host.Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), form))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            VictimApiJob = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        foreach (string id in new[] { VictimDropJob, VictimManifestJob, VictimApiJob })
        {
            JsonElement job = await WaitSettledAsync(id);
            Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        }
    }
}
