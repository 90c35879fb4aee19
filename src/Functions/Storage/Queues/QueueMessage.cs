namespace Nst.Functions.Storage;

/// <summary>A received message: delete or update it with <see cref="MessageId"/> and <see cref="PopReceipt"/>.</summary>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    long DequeueCount,
    BinaryData Body,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    DateTimeOffset? NextVisibleOn);
