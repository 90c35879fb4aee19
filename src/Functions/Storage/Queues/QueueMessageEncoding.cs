namespace Nst.Functions.Storage;

/// <summary>How message bodies are written to the queue. Reading always accepts both.</summary>
public enum QueueMessageEncoding
{
    /// <summary>Base64 of the body bytes: what the Azure SDK and the Functions queue trigger use by default.</summary>
    Base64,

    /// <summary>The body as UTF-8 text, XML-escaped.</summary>
    None,
}
