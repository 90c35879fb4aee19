using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.EndToEnd;

/// <summary>
/// Storage goes away for 20 s in the middle of a job (its own Azurite, stopped and started again with its data): the
/// host reports itself unhealthy meanwhile, keeps serving, and the job finishes when storage is back.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AzuriteStoppedMidJob_HealthzUnhealthyMeanwhile_JobFinishes()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            await using TestAppHost host = await TestAppHost.StartAsync(azurite, new Dictionary<string, string?> { ["Nst:ChunkSeconds"] = "0.5" });
            await host.UploadStyleAsync("outage");
            string id = await host.DropAsync("outage/photo.png", TestImages.Png(64, 48, 5), new Dictionary<string, string> { ["nst_size"] = "64", ["nst_iterations"] = "150" });
            await host.WaitForJobAsync(id, j => j.GetProperty("progress").GetProperty("chunk").GetInt32() >= 2);

            var clock = Stopwatch.StartNew();
            await azurite.StopAsync();
            HttpStatusCode during = HttpStatusCode.OK;
            string? body = null;
            while (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                using HttpResponseMessage health = await host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.StatusCode != HttpStatusCode.OK)
                {
                    during = health.StatusCode;
                    body = await health.Content.ReadAsStringAsync();
                }

                await Task.Delay(1000);
            }

            await azurite.RestartAsync();
            output.WriteLine($"storage back after {clock.Elapsed.TotalSeconds:F1} s; /healthz meanwhile: {(int)during} {body}");
            JsonElement job = await host.WaitForJobAsync(id, timeout: TimeSpan.FromMinutes(4));
            output.WriteLine($"job ended {clock.Elapsed.TotalSeconds:F1} s after the outage began: {job.GetProperty("status")}, {job.GetProperty("progress").GetProperty("chunk")} chunks");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, during);
            Assert.Contains("\"storage\":\"unreachable", body, StringComparison.Ordinal);
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            Assert.Equal(150, job.GetProperty("progress").GetProperty("iteration").GetInt32());
            using HttpResponseMessage after = await host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
