namespace Nst.Functions.Storage;

/// <summary>The new pop receipt after an update; the old one no longer works.</summary>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset? NextVisibleOn);
