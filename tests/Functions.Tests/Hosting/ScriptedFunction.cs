using Nst.Functions.Pipeline;

namespace Nst.Functions.Tests.Hosting;

/// <summary>A queue function that records each attempt and then does what the test scripted.</summary>
public sealed class ScriptedFunction(string queueName, Func<QueueTriggerMessage, Task> behaviour) : IQueueFunction
{
    private readonly Lock _gate = new();
    private int _completed;

    public string Name => "Scripted";

    public string QueueName => queueName;

    public List<Attempt> Attempts { get; } = [];

    public int Completed => Volatile.Read(ref _completed);

    public async Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Attempts.Add(new Attempt(message.DequeueCount, message.Body, DateTimeOffset.UtcNow));
        }

        await behaviour(message);
        Interlocked.Increment(ref _completed);
    }

    public sealed record Attempt(long DequeueCount, BinaryData Body, DateTimeOffset At);
}
