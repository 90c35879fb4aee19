using System.Text;
using System.Text.Json;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Hostile;

/// <summary>
/// Hostile manifests dropped as <c>inbox/{name}.json</c> on the real local host: outputs that try to leave the outbox
/// or land on another job's result, inputs outside the inbox and the style library, malformed and oversized
/// manifests, out-of-range options and hostile webhooks. Each ends as a failed job with the right code, seen through
/// <c>GET /api/jobs/{id}</c> and in the webhook, and writes nothing but its own upload and its own <c>jobs/{id}/</c>.
/// Placeholders: <c>{drop}</c>, <c>{api}</c> are the victim drop's and API job's ids.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManifestHostileTests(AzuriteFixture azurite, InboxHost fixture) : IClassFixture<InboxHost>
{
    private const string Content = "\"content\": \"inbox/photo.png\"";
    private const string Styles = "\"styles\": [{\"name\": \"mosaic\"}]";
    private const string Options = "\"options\": {\"size\": 48, \"iterations\": 2}";

    public static TheoryData<string, string, string, string> Refused => new()
    {
        // The output escapes the outbox, or names the API's folder.
        { "output-dotdot-styles", Output("outbox/../styles/pwned.jpg"), "invalid_manifest", "'..' segment" },
        { "output-dotdot-jobs", Output("outbox/../jobs/{drop}/job.jpg"), "invalid_manifest", "'..' segment" },
        { "output-api-other-job", Output("outbox/api/{api}.png"), "invalid_manifest", "outbox/api/" },
        { "output-percent-dots", Output("outbox/%2e%2e/styles/pwned.jpg"), "invalid_manifest", "percent-encoding" },
        { "output-backslash-inside", Output(@"outbox/..\\styles/pwned.jpg"), "invalid_manifest", "backslash" },
        { "output-absolute", Output("/outbox/pwned.jpg"), "invalid_manifest", "container/name" },
        { "output-url", Output("https://example.com/outbox/pwned.jpg"), "invalid_manifest", "container name" },
        { "output-control-char", Output(@"outbox/pw\u0001ned.jpg"), "invalid_manifest", "control character" },
        { "output-dot-segment", Output("outbox/./pwned.jpg"), "invalid_manifest", "'.' segment" },
        { "output-trailing-dot", Output("outbox/dir./pwned.jpg"), "invalid_manifest", "storage would rewrite" },
        { "output-styles", Output("styles/pwned.jpg"), "invalid_manifest", "must be in outbox/" },
        { "output-jobs", Output("jobs/{drop}/input/content.png"), "invalid_manifest", "must be in outbox/" },
        { "output-not-image", Output("outbox/pwned.json"), "invalid_manifest", "must name an image" },
        { "output-report-too-long", Output("outbox/" + new string('r', 1020) + ".png"), "invalid_manifest", "longer than 1024" },

        // The inputs are outside the inbox and the style library: another job's private copies, results, models.
        { "content-dotdot-jobs", With("\"content\": \"inbox/../jobs/{drop}/input/content.png\"", Styles, Options), "invalid_manifest", "'..' segment" },
        { "content-jobs", With("\"content\": \"jobs/{drop}/input/content.png\"", Styles, Options), "invalid_manifest", "must be in inbox/" },
        { "content-models", With("\"content\": \"models/vgg19.safetensors\"", Styles, Options), "invalid_manifest", "must be in inbox/" },
        { "content-outbox", With("\"content\": \"outbox/mosaic/victim.png\"", Styles, Options), "invalid_manifest", "must be in inbox/" },
        { "content-styles", With("\"content\": \"styles/mosaic.png\"", Styles, Options), "invalid_manifest", "must be in inbox/" },
        { "style-blob-dotdot-jobs", With(Content, "\"styles\": [{\"blob\": \"styles/../jobs/{drop}/input/content.png\"}]", Options), "invalid_manifest", "'..' segment" },
        { "style-blob-jobs", With(Content, "\"styles\": [{\"blob\": \"jobs/{drop}/input/style-0.png\"}]", Options), "invalid_manifest", "must be in inbox/ or styles/" },
        { "style-blob-outbox", With(Content, "\"styles\": [{\"blob\": \"outbox/api/{api}.png\"}]", Options), "invalid_manifest", "must be in inbox/ or styles/" },
        { "style-name-path", With(Content, "\"styles\": [{\"name\": \"../jobs/{drop}/input/content\"}]", Options), "invalid_manifest", "is not a style name" },
        { "style-unknown", With(Content, "\"styles\": [{\"name\": \"nosuchstyle\"}]", Options), "unknown_style", "nosuchstyle" },

        // The manifest itself: too large, not JSON, repeated keys, too many styles, absurd weights and options.
        { "too-large", With(Content, Styles, Options, $"\"pad\": \"{new string('x', 70 * 1024)}\""), "invalid_manifest", "larger than 64 KB" },
        { "bad-json", "{\"content\": \"inbox/photo.png\", ", "invalid_manifest", "not valid JSON" },
        { "duplicate-keys", With(Content, "\"content\": \"inbox/other.png\"", Styles, Options), "invalid_manifest", "not valid JSON" },
        { "not-an-object", "[\"inbox/photo.png\"]", "invalid_manifest", "JSON object" },
        { "deep-nesting", With(Content, Styles, Options, "\"x\": " + new string('[', 100) + new string(']', 100)), "invalid_manifest", "not valid JSON" },
        { "too-many-styles", With(Content, "\"styles\": [" + string.Join(", ", Enumerable.Repeat("{\"name\": \"mosaic\"}", 17)) + "]", Options), "invalid_manifest", "at most 16" },
        { "huge-weight", With(Content, "\"styles\": [{\"name\": \"mosaic\", \"weight\": 1e300}]", Options), "invalid_manifest", "weight must be a number" },
        { "options-size", With(Content, Styles, "\"options\": {\"size\": 100000, \"iterations\": 2}"), "invalid_options", "options.size" },
        { "options-iterations", With(Content, Styles, "\"options\": {\"size\": 48, \"iterations\": 1000000000}"), "invalid_options", "options.iterations" },
        { "options-scales", With(Content, Styles, "\"options\": {\"size\": 48, \"iterations\": 2, \"scales\": 99}"), "invalid_options", "scales" },
        { "options-unknown", With(Content, Styles, "\"options\": {\"size\": 48, \"iterations\": 2, \"bogus\": 1}"), "invalid_options", "options.bogus" },

        // Hostile webhooks: refused, and the operator's webhook tells of it.
        { "webhook-credentials", With(Content, Styles, Options, $"\"webhook\": \"https://user:{HostileHost.Password}@example.com/hook\""), "invalid_webhook", "credentials" },
        { "webhook-loopback", With(Content, Styles, Options, "\"webhook\": \"http://127.0.0.1:9/hook\""), "invalid_webhook", "Loopback" },
        { "webhook-metadata-service", With(Content, Styles, Options, "\"webhook\": \"http://169.254.169.254/latest/meta-data/\""), "invalid_webhook", "169.254.169.254" },
        { "webhook-not-http", With(Content, Styles, Options, "\"webhook\": \"file:///etc/passwd\""), "invalid_webhook", "http(s)" },
    };

    /// <summary>Outputs that name another job's result (or its report): the job runs, then ends output_exists with the other result untouched.</summary>
    public static TheoryData<string, string> Overwrites => new()
    {
        { "overwrite-drop-result", "outbox/mosaic/victim.png" },
        { "overwrite-manifest-result", InboxHost.VictimManifestOutput },
        { "overwrite-drop-report", "outbox/mosaic/victim.jpg" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Manifest_Hostile_FailsWithCodeAndWritesNothingElse(string name, string manifest, string code, string fragment)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        string text = manifest.Replace("{drop}", fixture.VictimDropJob, StringComparison.Ordinal).Replace("{api}", fixture.VictimApiJob, StringComparison.Ordinal);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);

        string id = await host.DropAsync(name + ".json", Encoding.UTF8.GetBytes(text));
        JsonElement job = await fixture.WaitSettledAsync(id);

        AssertFailed(job, code, fragment);
        JsonElement hook = await fixture.WebhookForAsync(id);
        Assert.Equal("nst.job.failed", hook.GetProperty("type").GetString());
        Assert.Equal(code, hook.GetProperty("data").GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(HostileHost.Password, job.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(HostileHost.Password, hook.ToString(), StringComparison.Ordinal);
        fixture.AssertPasswordNeverLogged();
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before, $"inbox/{name}.json", $"jobs/{id}/");
    }

    [Theory]
    [MemberData(nameof(Overwrites))]
    public async Task Manifest_OutputOfAnotherJob_EndsOutputExistsAndLeavesItUntouched(string name, string output)
    {
        TestAppHost host = await fixture.StartAsync(azurite);
        BlobInventory before = await BlobInventory.TakeAsync(host.Storage);
        var victims = new Dictionary<string, byte[]>();
        foreach (string path in before.Blobs.Keys.Where(p => p.StartsWith("outbox/", StringComparison.Ordinal)))
        {
            victims[path] = (await host.Storage.Blob(Nst.Functions.Jobs.BlobPath.Parse(path)).DownloadContentAsync()).Value.Content.ToArray();
        }

        string id = await host.DropAsync(name + ".json", Encoding.UTF8.GetBytes(InboxHost.Manifest($", \"output\": \"{output}\"")));
        JsonElement job = await fixture.WaitSettledAsync(id);

        AssertFailed(job, "output_exists", "another job's result");
        Assert.True(job.GetProperty("progress").GetProperty("chunk").GetInt32() == 0, "refused when the job was made, before it ran: " + job);
        Assert.Equal("output_exists", (await fixture.WebhookForAsync(id)).GetProperty("data").GetProperty("error").GetProperty("code").GetString());
        (await BlobInventory.TakeAsync(host.Storage)).AssertChangedOnly(before, $"inbox/{name}.json", $"jobs/{id}/");
        foreach (var (path, bytes) in victims)
        {
            Assert.Equal(bytes, (await host.Storage.Blob(Nst.Functions.Jobs.BlobPath.Parse(path)).DownloadContentAsync()).Value.Content.ToArray());
        }
    }

    internal static void AssertFailed(JsonElement job, string code, string fragment)
    {
        Assert.True(job.GetProperty("status").GetString() == "failed", job.ToString());
        JsonElement error = job.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        string message = error.GetProperty("message").GetString()!;
        Assert.Contains(fragment, message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 101), message, StringComparison.Ordinal);
    }

    private static string Output(string output) => With(Content, Styles, Options, $"\"output\": \"{output}\"");

    private static string With(params string[] members) => "{" + string.Join(", ", members) + "}";
}
