namespace Nst.Functions.Storage;

/// <summary>
/// The storage account's settings, named as the Functions host and its Durable extension name them: a connection
/// string in <c>AzureWebJobsStorage</c>, or — with no connection string — the identity-based form with one service
/// URI per service and a managed identity.
/// </summary>
public static class StorageSettings
{
    public const string ConnectionName = "AzureWebJobsStorage";

    public const string BlobServiceUri = ConnectionName + "__blobServiceUri";

    public const string QueueServiceUri = ConnectionName + "__queueServiceUri";

    public const string TableServiceUri = ConnectionName + "__tableServiceUri";

    /// <summary><c>managedidentity</c> (with <see cref="ClientId"/> for a user-assigned identity); anything else means DefaultAzureCredential.</summary>
    public const string Credential = ConnectionName + "__credential";

    public const string ClientId = ConnectionName + "__clientId";

    /// <summary>The identity-based settings the deployment sets (the Bicep sets exactly these).</summary>
    public static IReadOnlyList<string> IdentityNames { get; } = [BlobServiceUri, QueueServiceUri, TableServiceUri, Credential, ClientId];

    /// <summary>What the local host uses when nothing is set: Azurite on its default ports.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";
}
