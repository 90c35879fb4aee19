namespace Nst.Functions.Pipeline;

/// <summary>
/// A queue-triggered function. The same instance serves the Azure Functions host (custom handler: the host POSTs
/// the message to <c>/{Name}</c>) and the local host (its own queue listener). Returning normally completes the
/// message; throwing fails this attempt, and the host retries it until host.json's maxDequeueCount, then moves it
/// to the poison queue.
/// </summary>
public interface IQueueFunction
{
    /// <summary>Function name: the folder of its function.json and the custom handler's route.</summary>
    string Name { get; }

    /// <summary>The queue it is triggered by.</summary>
    string QueueName { get; }

    Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken);
}
