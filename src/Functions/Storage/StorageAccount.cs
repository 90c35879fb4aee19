using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace Nst.Functions.Storage;

/// <summary>
/// The storage account the pipeline lives in, from configuration (<see cref="StorageSettings"/>): clients for the
/// app's blobs, and the client provider of the Durable Task Azure Storage provider (the local host's task hub).
/// </summary>
public sealed class StorageAccount
{
    /// <summary>
    /// The one service version every blob client speaks: the newest Azurite 3.37 accepts (the SDK's default,
    /// 2026-10-06, it refuses).
    /// </summary>
    public const BlobClientOptions.ServiceVersion BlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    private readonly string? _connectionString;
    private readonly Uri? _blobUri;
    private readonly Uri? _queueUri;
    private readonly Uri? _tableUri;
    private readonly TokenCredential? _credential;

    private StorageAccount(string? connectionString, Uri? blobUri, Uri? queueUri, Uri? tableUri, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _blobUri = blobUri;
        _queueUri = queueUri;
        _tableUri = tableUri;
        _credential = credential;
    }

    /// <summary>A connection string as Azure tools write it, including <c>UseDevelopmentStorage=true</c>.</summary>
    public static StorageAccount FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageAccount(connectionString.Trim(), null, null, null, null);
    }

    /// <summary>
    /// <c>AzureWebJobsStorage</c> when set; else the identity-based settings (all three service URIs); else Azurite.
    /// Environment variables arrive with <c>__</c> turned into <c>:</c>, so both spellings are read.
    /// </summary>
    public static StorageAccount FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? Read(string name) => configuration[name.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } v ? v : configuration[name] is { Length: > 0 } w ? w : null;

        if (Read(StorageSettings.ConnectionName) is { } connectionString)
        {
            return FromConnectionString(connectionString);
        }

        string? blob = Read(StorageSettings.BlobServiceUri);
        if (blob is null)
        {
            return FromConnectionString(StorageSettings.DevelopmentStorage);
        }

        Uri ServiceUri(string name) =>
            Read(name) is { } text && Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
                ? uri
                : throw new Pipeline.SettingsException($"{name} must be set to the account's service URI when {StorageSettings.BlobServiceUri} is (identity-based storage).");

        TokenCredential credential = string.Equals(Read(StorageSettings.Credential), "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(Read(StorageSettings.ClientId) is { } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
        return new StorageAccount(null, ServiceUri(StorageSettings.BlobServiceUri), ServiceUri(StorageSettings.QueueServiceUri), ServiceUri(StorageSettings.TableServiceUri), credential);
    }

    /// <summary>Where the blobs are, for logs (never a key).</summary>
    public string Description => _blobUri?.ToString() ?? CreateBlobServiceClient().Uri.ToString();

    public BlobServiceClient CreateBlobServiceClient()
    {
        var options = new BlobClientOptions(BlobServiceVersion);
        return _connectionString is not null
            ? new BlobServiceClient(_connectionString, options)
            : new BlobServiceClient(_blobUri!, _credential!, options);
    }

    /// <summary>The account as the Durable Task Azure Storage provider reaches it (its queues, tables and leases).</summary>
    public StorageAccountClientProvider CreateDurableClientProvider() =>
        _connectionString is not null
            ? new StorageAccountClientProvider(_connectionString)
            : new StorageAccountClientProvider(_blobUri!, _queueUri!, _tableUri!, _credential!);
}
