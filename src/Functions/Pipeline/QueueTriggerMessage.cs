namespace Nst.Functions.Pipeline;

/// <summary>
/// A queue message as a queue-triggered function sees it, whichever host delivered it: the body (already
/// base64-decoded), the message id and how many times it has been dequeued (1 on the first attempt).
/// </summary>
public sealed record QueueTriggerMessage(string Id, BinaryData Body, long DequeueCount, DateTimeOffset? InsertedOn = null);
