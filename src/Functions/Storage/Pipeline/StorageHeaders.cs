namespace Nst.Functions.Storage;

/// <summary>Header names of the Storage REST API.</summary>
internal static class StorageHeaders
{
    public const string Version = "x-ms-version";
    public const string Date = "x-ms-date";
    public const string ErrorCode = "x-ms-error-code";
    public const string MetadataPrefix = "x-ms-meta-";
    public const string BlobType = "x-ms-blob-type";
    public const string BlobContentType = "x-ms-blob-content-type";
    public const string Range = "x-ms-range";
    public const string LeaseId = "x-ms-lease-id";
    public const string LeaseAction = "x-ms-lease-action";
    public const string LeaseDuration = "x-ms-lease-duration";
    public const string ProposedLeaseId = "x-ms-proposed-lease-id";
    public const string LeaseBreakPeriod = "x-ms-lease-break-period";
    public const string LeaseTime = "x-ms-lease-time";
    public const string LeaseState = "x-ms-lease-state";
    public const string LeaseStatus = "x-ms-lease-status";
    public const string PopReceipt = "x-ms-popreceipt";
    public const string TimeNextVisible = "x-ms-time-next-visible";
    public const string ApproximateMessagesCount = "x-ms-approximate-messages-count";
}
