using Azure;
using Azure.Core;
using Azure.Identity;

namespace Nst.Functions.Storage;

/// <summary>
/// Where a storage account is and how to authorize against it: parsed from a connection string as Azure tools write
/// them, or built from service URIs and a credential (the identity-based form of <c>AzureWebJobsStorage__…</c>).
/// Exactly one of <see cref="SharedKey"/>, <see cref="Sas"/> and <see cref="TokenCredential"/> is set, or none (anonymous).
/// </summary>
public sealed class StorageConnection
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public by design).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageConnection(Uri blobEndpoint, Uri queueEndpoint, string? accountName,
        StorageSharedKeyCredential? sharedKey, AzureSasCredential? sas, TokenCredential? tokenCredential)
    {
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        AccountName = accountName;
        SharedKey = sharedKey;
        Sas = sas;
        TokenCredential = tokenCredential;
    }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public string? AccountName { get; }

    public StorageSharedKeyCredential? SharedKey { get; }

    public AzureSasCredential? Sas { get; }

    public TokenCredential? TokenCredential { get; }

    /// <summary>
    /// Parses <c>UseDevelopmentStorage=true</c>; <c>DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…[;EndpointSuffix=…]
    /// [;BlobEndpoint=…;QueueEndpoint=…]</c>; and SAS strings <c>BlobEndpoint=…;QueueEndpoint=…;SharedAccessSignature=…</c>.
    /// </summary>
    public static StorageConnection Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] kv = part.Split('=', 2);
            if (kv.Length != 2 || kv[0].Length == 0)
            {
                throw new FormatException($"Storage connection string has a malformed part '{Redact(part)}'; expected Name=Value.");
            }

            settings[kv[0].Trim()] = kv[1].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out string? dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return Development();
        }

        string? accountName = settings.GetValueOrDefault("AccountName");
        string protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
        string suffix = settings.GetValueOrDefault("EndpointSuffix") ?? "core.windows.net";
        Uri blob = Endpoint(settings, "BlobEndpoint", accountName, protocol, "blob", suffix);
        Uri queue = Endpoint(settings, "QueueEndpoint", accountName, protocol, "queue", suffix);

        if (settings.TryGetValue("SharedAccessSignature", out string? sas))
        {
            return new StorageConnection(blob, queue, accountName, null, new AzureSasCredential(sas), null);
        }

        if (settings.TryGetValue("AccountKey", out string? key))
        {
            if (accountName is null)
            {
                throw new FormatException("Storage connection string has an AccountKey but no AccountName.");
            }

            return new StorageConnection(blob, queue, accountName, new StorageSharedKeyCredential(accountName, key), null, null);
        }

        return new StorageConnection(blob, queue, accountName, null, null, null);
    }

    /// <summary>Azurite on its default ports with the development account.</summary>
    public static StorageConnection Development() => new(
        new Uri($"http://127.0.0.1:10000/{DevelopmentAccountName}"),
        new Uri($"http://127.0.0.1:10001/{DevelopmentAccountName}"),
        DevelopmentAccountName,
        new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey), null, null);

    /// <summary>Service URIs plus an Entra ID credential (managed identity in Azure). Token auth requires HTTPS.</summary>
    public static StorageConnection FromServiceUris(Uri blobServiceUri, Uri queueServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageConnection(blobServiceUri, queueServiceUri, AccountFromHost(blobServiceUri), null, null, credential);
    }

    /// <summary>Service URIs plus a SharedKey credential.</summary>
    public static StorageConnection FromServiceUris(Uri blobServiceUri, Uri queueServiceUri, StorageSharedKeyCredential credential)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageConnection(blobServiceUri, queueServiceUri, credential.AccountName, credential, null, null);
    }

    /// <summary>
    /// Reads a Functions-style connection setting: <c>{name}</c> as a connection string, or the identity-based
    /// <c>{name}__accountName</c> / <c>{name}__blobServiceUri</c> (+ <c>__queueServiceUri</c>) with
    /// <c>__credential=managedidentity</c> and <c>__clientId</c>. Without a given credential it uses managed identity
    /// when asked to, else <see cref="DefaultAzureCredential"/>.
    /// </summary>
    public static StorageConnection FromSettings(Func<string, string?> getSetting, string name = "AzureWebJobsStorage", TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(getSetting);
        if (getSetting(name) is { Length: > 0 } connectionString)
        {
            return Parse(connectionString);
        }

        Uri blob, queue;
        if (getSetting($"{name}__blobServiceUri") is { Length: > 0 } blobUri)
        {
            blob = new Uri(blobUri);
            queue = getSetting($"{name}__queueServiceUri") is { Length: > 0 } queueUri
                ? new Uri(queueUri)
                : new Uri(blobUri.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase));
        }
        else if (getSetting($"{name}__accountName") is { Length: > 0 } account)
        {
            blob = new Uri($"https://{account}.blob.core.windows.net");
            queue = new Uri($"https://{account}.queue.core.windows.net");
        }
        else
        {
            throw new FormatException($"No storage connection: set '{name}' to a connection string, or '{name}__accountName' / '{name}__blobServiceUri' for identity-based access.");
        }

        return FromServiceUris(blob, queue, credential ?? CredentialFromSettings(getSetting, name));
    }

    private static TokenCredential CredentialFromSettings(Func<string, string?> getSetting, string name)
    {
        string? kind = getSetting($"{name}__credential");
        string? clientId = getSetting($"{name}__clientId");
        if (string.Equals(kind, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(clientId is { Length: > 0 }
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned);
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    private static Uri Endpoint(Dictionary<string, string> settings, string key, string? accountName, string protocol, string service, string suffix)
    {
        if (settings.TryGetValue(key, out string? explicitEndpoint))
        {
            return Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out Uri? uri)
                ? uri
                : throw new FormatException($"Storage connection string has an invalid {key} '{explicitEndpoint}'.");
        }

        if (accountName is null)
        {
            throw new FormatException($"Storage connection string needs an AccountName or a {key}.");
        }

        return new Uri($"{protocol}://{accountName}.{service}.{suffix}");
    }

    private static string? AccountFromHost(Uri uri)
    {
        // https://{account}.blob.core.windows.net → account; path-style emulator URLs carry it as the first segment.
        if (uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out _))
        {
            return uri.AbsolutePath.Trim('/').Split('/')[0] is { Length: > 0 } first ? first : null;
        }

        return uri.Host.Split('.')[0];
    }

    private static string Redact(string part) => part.Length > 12 ? part[..12] + "…" : part;
}
