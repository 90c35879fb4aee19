using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.EndToEnd;

/// <summary>
/// The local host's activity locks, measured with the real app: a chunk that runs more than twice as long as the
/// work-item lock is never handed to a second worker (the lock is renewed), while a killed host's chunk starts again
/// on the restarted host within about one lock timeout plus the partition lease.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class LockTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private Dictionary<string, string> Settings(string prefix, string hub, string lockTimeout, int chunkSeconds = 12) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Nst__NamePrefix"] = prefix,
        ["Nst__Model"] = "random:1",
        ["Nst__ChunkSeconds"] = chunkSeconds.ToString(CultureInfo.InvariantCulture),
        ["Nst__LocalHost__ScanInterval"] = "00:00:00.3",
        ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = hub,
        ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.2",
        ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = lockTimeout,
        ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = lockTimeout,
    };

    private static Dictionary<string, string> Long => new() { ["nst_size"] = "112", ["nst_iterations"] = "400" };

    [Fact]
    public async Task LongChunk_LockAThirdOfTheChunk_IsRunOnce()
    {
        string prefix = TestAppHost.NewName(), hub = TestAppHost.NewName();
        var jobs = new DropJobs(azurite, prefix);
        await jobs.CreateStyleAsync("long");
        await using HostProcess host = await HostProcess.StartAsync(Settings(prefix, hub, "00:00:05", chunkSeconds: 15), "host");
        string id = await jobs.DropAsync("long/photo.png", TestImages.Png(112, 84, 1), Long);

        // Chunks are sized to 15 s from the last one's speed, which a busy machine makes uneven: wait until one chunk has
        // run at least twice the lock (10 s) and the next has started, then stop.
        var clock = Stopwatch.StartNew();
        while (!(Ends(host.Log, id).Any(LongerThanTwoLocks) && ChunkStarts(host.Log, id).Count > Ends(host.Log, id).Count)
            && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(250);
        }

        var ends = Ends(host.Log, id);
        output.WriteLine(string.Join('\n', ends.Select(m => m.Value)));
        Assert.DoesNotContain("may have lapsed", host.Log, StringComparison.Ordinal);
        Assert.True(ends.Count >= 2, host.Log); // the first, short chunk that measures the speed, and a long one
        Assert.Contains(ends, LongerThanTwoLocks);
        Assert.Equal(ChunkStarts(host.Log, id).Count, ChunkStarts(host.Log, id).Select(s => s.From).Distinct().Count());
        Assert.DoesNotContain("was already run", host.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledHost_ChunkRunsAgainOnTheRestartedHost_WithinTheLockTimeoutAndLease()
    {
        string prefix = TestAppHost.NewName(), hub = TestAppHost.NewName();
        var jobs = new DropJobs(azurite, prefix);
        await jobs.CreateStyleAsync("long");
        var settings = Settings(prefix, hub, "00:00:20");
        HostProcess first = await HostProcess.StartAsync(settings, "first");
        string id = await jobs.DropAsync("long/photo.png", TestImages.Png(112, 84, 2), Long);
        var clock = Stopwatch.StartNew();
        while (ChunkStarts(first.Log, id).Count < 2 && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(100);
        }

        (int chunk, string from) = ChunkStarts(first.Log, id)[^1];
        await Task.Delay(2000);
        await first.KillAsync();
        var killedAt = Stopwatch.StartNew();
        await first.DisposeAsync();
        await using HostProcess second = await HostProcess.StartAsync(settings, "second");
        while (!ChunkStarts(second.Log, id).Any(s => s.From == from) && killedAt.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }

        output.WriteLine($"chunk {chunk} (from iteration {from}) started again {killedAt.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.Contains(ChunkStarts(second.Log, id), s => s.From == from);
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(45), $"took {killedAt.Elapsed.TotalSeconds:F1} s");
    }

    private static List<Match> Ends(string log, string id) => ChunkEnds().Matches(log).Where(m => m.Groups["job"].Value == id).ToList();

    private static bool LongerThanTwoLocks(Match end) => double.Parse(end.Groups["seconds"].Value, CultureInfo.InvariantCulture) >= 10;

    private static List<(int Chunk, string From)> ChunkStarts(string log, string id) =>
        ChunkStart().Matches(log).Where(m => m.Groups["job"].Value == id)
            .Select(m => (int.Parse(m.Groups["chunk"].Value, CultureInfo.InvariantCulture), m.Groups["from"].Value)).ToList();

    [GeneratedRegex(@"Chunk (?<chunk>\d+) of (?<job>[0-9a-z]{26}) starting at iteration (?<from>\d+)")]
    private static partial Regex ChunkStart();

    [GeneratedRegex(@"Chunk \d+ of (?<job>[0-9a-z]{26}): iterations \d+–\d+ of \d+ in (?<seconds>[0-9.]+) s")]
    private static partial Regex ChunkEnds();
}
