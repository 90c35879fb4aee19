using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Nst.Functions.Tests.Webhooks;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.EndToEnd;

/// <summary>
/// The durable guarantees with the real app in its own processes on Azurite: SIGKILL at random instants loses no job
/// and changes no result; two hosts on one task hub share the work without computing any chunk twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private Dictionary<string, string> Settings(string prefix, string hub, string? webhook = null) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Nst__NamePrefix"] = prefix,
        ["Nst__Model"] = "random:1",
        ["Nst__ChunkSeconds"] = "0.4",
        ["Nst__LocalHost__ScanInterval"] = "00:00:00.3",
        ["Nst__Webhook__Url"] = webhook ?? "",
        ["Nst__Webhook__InitialBackoff"] = "00:00:00.5",
        ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = hub,
        ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.2",
        // Short locks so a killed host's chunk comes back soon; the survivor renews its own locks.
        ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:00:06",
        ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:06",
    };

    private static async Task WaitAllAsync(Func<Uri> host, IEnumerable<string> ids, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        foreach (string id in ids)
        {
            while (true)
            {
                if (await DropJobs.JobAsync(host(), id) is { } job && DropJobs.Ended(job))
                {
                    break;
                }

                Assert.True(clock.Elapsed < patience, $"job {id} did not end within {patience}");
                await Task.Delay(250);
            }
        }
    }

    [Fact]
    public async Task KillNineSoak_TenJobsFiveKills_AllSucceedWithTheUnbrokenRunsBytes()
    {
        const int Jobs = 10;
        var names = Enumerable.Range(0, Jobs).Select(i => $"soak/photo-{i}.png").ToArray();

        // The same ten jobs without kills, on an in-process host: the bytes every result must have.
        var expected = new Dictionary<string, byte[]>();
        var clock = Stopwatch.StartNew();
        await using (TestAppHost reference = await TestAppHost.StartAsync(azurite, new Dictionary<string, string?> { ["Nst:ChunkSeconds"] = "0.4" }))
        {
            var jobs = new DropJobs(azurite, reference.Prefix);
            await jobs.CreateStyleAsync("soak");
            var ids = new List<string>();
            for (int i = 0; i < Jobs; i++)
            {
                ids.Add(await jobs.DropAsync(names[i], TestImages.Png(48, 40, i), DropJobs.Small(12)));
            }

            await WaitAllAsync(() => reference.Http.BaseAddress!, ids, Patience);
            for (int i = 0; i < Jobs; i++)
            {
                expected[names[i]] = await jobs.ReadAsync("outbox/" + names[i]);
            }
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: the unbroken run ended");

        using var receiver = new WebhookReceiver();
        string prefix = TestAppHost.NewName(), hub = TestAppHost.NewName();
        var soak = new DropJobs(azurite, prefix);
        await soak.CreateStyleAsync("soak");
        var settings = Settings(prefix, hub, receiver.Url);
        HostProcess host = await HostProcess.StartAsync(settings, "host-0");
        var idsOf = new Dictionary<string, string>();
        for (int i = 0; i < Jobs; i++)
        {
            idsOf[names[i]] = await soak.DropAsync(names[i], TestImages.Png(48, 40, i), DropJobs.Small(12));
        }

        var random = new Random(20261203);
        var logs = new List<string>();
        clock.Restart();
        try
        {
            for (int kill = 1; kill <= 5; kill++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1 + (3 * random.NextDouble())));
                await host.KillAsync();
                output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: killed {host.Name}");
                logs.Add(host.Log);
                await host.DisposeAsync();
                host = await HostProcess.StartAsync(settings, $"host-{kill}");
            }

            await WaitAllAsync(() => host.BaseAddress, idsOf.Values, Patience);
            await receiver.WaitForAsync(_ => receiver.Requests.Count(r => r.Text.Contains("nst.job.succeeded", StringComparison.Ordinal)) >= Jobs, TimeSpan.FromMinutes(2));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: all {Jobs} jobs ended");
        }
        finally
        {
            logs.Add(host.Log);
            await host.DisposeAsync();
            output.WriteLine(string.Join("\n----\n", logs.Select(l => string.Join('\n', l.Split('\n').Where(x => x.Contains("Chunk", StringComparison.Ordinal) || x.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(40)))));
        }

        foreach (string name in names)
        {
            JsonElement job = (await DropJobs.JobAsync(host.BaseAddress, idsOf[name]) ?? await FreshHostJobAsync(settings, idsOf[name]))!.Value;
            Assert.Equal("succeeded", DropJobs.Status(job));
            Assert.Equal(expected[name], await soak.ReadAsync("outbox/" + name));
        }

        // One succeeded webhook id per job (repeats of the same id allowed: at-least-once), nothing else.
        var byJob = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .GroupBy(e => e.GetProperty("data").GetProperty("jobId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(e => e.GetProperty("type").GetString()).Distinct().ToArray());
        Assert.Equal(Jobs, byJob.Count);
        Assert.All(idsOf.Values, id => Assert.Equal(new string?[] { "nst.job.succeeded" }, byJob[id]));
        Assert.All(receiver.Requests.GroupBy(r => r.Id), g => Assert.Matches("^msg_[0-9a-z]{26}_succeeded$", g.Key!));
    }

    [Fact]
    public async Task TwoHosts_OneTaskHub_ShareSixJobsComputingNoChunkTwice()
    {
        string prefix = TestAppHost.NewName(), hub = TestAppHost.NewName();
        var jobs = new DropJobs(azurite, prefix);
        await jobs.CreateStyleAsync("pair");
        var settings = Settings(prefix, hub);
        await using HostProcess first = await HostProcess.StartAsync(settings, "first");
        await using HostProcess second = await HostProcess.StartAsync(settings, "second");
        var ids = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            ids.Add(await jobs.DropAsync($"pair/photo-{i}.png", TestImages.Png(48, 40, i), DropJobs.Small(10)));
        }

        await WaitAllAsync(() => first.BaseAddress, ids, Patience);

        foreach (string id in ids)
        {
            Assert.Equal("succeeded", DropJobs.Status((await DropJobs.JobAsync(second.BaseAddress, id))!.Value));
        }

        var computed = new[] { first, second }.SelectMany(h => ChunkLine().Matches(h.Log).Select(m => (Host: h.Name, Job: m.Groups["job"].Value, From: m.Groups["from"].Value))).ToList();
        output.WriteLine($"chunks: first {computed.Count(c => c.Host == "first")}, second {computed.Count(c => c.Host == "second")}");
        Assert.Contains(computed, c => c.Host == "first");
        Assert.Contains(computed, c => c.Host == "second");
        var twice = computed.GroupBy(c => (c.Job, c.From)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Job} from {g.Key.From}").ToList();
        Assert.True(twice.Count == 0, "computed twice: " + string.Join(", ", twice));
        Assert.All(ids, id => Assert.Contains(computed, c => c.Job == id));
    }

    // A host that has just been killed may be mid-start; ask a fresh one.
    private static async Task<JsonElement?> FreshHostJobAsync(Dictionary<string, string> settings, string id)
    {
        await using HostProcess host = await HostProcess.StartAsync(settings, "check");
        return await DropJobs.JobAsync(host.BaseAddress, id);
    }

    // ChunkRunner's line for a chunk it computed (not one it answered from its checkpoint).
    [GeneratedRegex(@"Chunk \d+ of (?<job>[0-9a-z]{26}): iterations (?<from>\d+)–\d+ of \d+")]
    private static partial Regex ChunkLine();
}
