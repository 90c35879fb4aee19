using Microsoft.DurableTask.Client;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;

namespace Nst.Functions.Tests.Orchestration;

[Collection(OrchestrationCollection.Name)]
public sealed class JobSchedulerTests(OrchestrationHost host)
{
    [Fact]
    public async Task StartOnceAsync_SameIdTwice_StartsOneInstance()
    {
        JobSpec spec = TestJobs.Spec();
        JobScript script = host.Script(spec.Id);
        script.Chunk = (request, _) => Task.FromResult(TestJobs.Run(request, 3, 1));
        JobInput input = TestJobs.Input(spec);

        bool first = await JobScheduler.StartOnceAsync(host.Client, input);
        bool second = await JobScheduler.StartOnceAsync(host.Client, input);
        await host.WaitAsync(spec.Id);

        Assert.True(first);
        Assert.False(second);
        Assert.Single(script.ChunkRequests);
    }

    [Fact]
    public async Task StartOnceAsync_InstanceAlreadyCompleted_DoesNotStartItAgain()
    {
        JobSpec spec = TestJobs.Spec();
        JobScript script = host.Script(spec.Id);
        script.Chunk = (request, _) => Task.FromResult(TestJobs.Run(request, 3, 1));
        JobInput input = TestJobs.Input(spec);
        Assert.True(await JobScheduler.StartOnceAsync(host.Client, input));
        OrchestrationMetadata done = await host.WaitAsync(spec.Id);

        bool again = await JobScheduler.StartOnceAsync(host.Client, input);

        Assert.False(again);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Single(script.ChunkRequests);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(spec.Id))!.RuntimeStatus);
    }
}
