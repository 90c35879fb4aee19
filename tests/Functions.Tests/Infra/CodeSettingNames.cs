using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Infra;

/// <summary>The configuration names the code reads, derived from the code itself.</summary>
public static partial class CodeSettingNames
{
    /// <summary>The type src/Functions exposes the identity-based storage setting names on (issue 11).</summary>
    public const string StorageSettingsTypeName = "Nst.Functions.Storage.StorageSettings";

    /// <summary><c>Nst__X</c> and <c>Nst__X__Y</c> for every settable property under <see cref="NstSettings"/>.</summary>
    public static IReadOnlyList<string> Nst { get; } = Walk(typeof(NstSettings), NstSettings.SectionName).ToArray();

    // ---------------------------------------------------------------------------------------------------------------
    // Storage setting names: THE ONE PLACE they come from. The identity-based AzureWebJobsStorage__* forms, which is
    // what Azure sets (the bare connection-string name is for local runs and never set in Azure).
    //   - From src: the public static list StorageSettings.IdentityNames, once src/Functions has it (the lead adds it
    //     with the isolated-worker rewrite);
    //   - until then from the source of today's StorageConnection.FromSettings ($"{name}__suffix" for each form).
    // When StorageSettings.IdentityNames exists, the fallback below is dead code: delete it.
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary><c>AzureWebJobsStorage__…</c> names the code reads for identity-based storage.</summary>
    public static IReadOnlyList<string> Storage => StorageNames.Value.Names;

    /// <summary>Where <see cref="Storage"/> came from, for failure messages.</summary>
    public static string StorageSource => StorageNames.Value.Source;

    /// <summary>Everything the code reads: <see cref="Nst"/> and <see cref="Storage"/>.</summary>
    public static IReadOnlyList<string> All => [.. Nst, .. Storage];

    private static readonly Lazy<(IReadOnlyList<string> Names, string Source)> StorageNames = new(() =>
        FromStorageSettings() is { } fromType
            ? (fromType, $"{StorageSettingsTypeName}.IdentityNames")
            : (FromStorageConnectionSource(), "src/Functions/Storage/StorageConnection.cs (source text; StorageSettings.IdentityNames does not exist yet)"));

    private static IEnumerable<string> Walk(Type type, string prefix)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            string name = $"{prefix}__{property.Name}";
            Type valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (valueType.IsClass && valueType != typeof(string))
            {
                foreach (string nested in Walk(valueType, name))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return name;
            }
        }
    }

    private static string[]? FromStorageSettings()
    {
        Type? type = typeof(NstSettings).Assembly.GetType(StorageSettingsTypeName);
        if (type is null)
        {
            return null;
        }

        const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static;
        object? value = type.GetProperty("IdentityNames", PublicStatic)?.GetValue(null) ?? type.GetField("IdentityNames", PublicStatic)?.GetValue(null);
        Assert.True(value is IEnumerable, $"{StorageSettingsTypeName} exists but has no public static IdentityNames list.");
        string[] names = ((IEnumerable)value!).Cast<object>().Select(o => o.ToString()!).ToArray();
        Assert.NotEmpty(names);
        return names;
    }

    private static string[] FromStorageConnectionSource()
    {
        string path = Path.Combine(RepositoryPaths.Root, "src", "Functions", "Storage", "StorageConnection.cs");
        Assert.True(File.Exists(path), $"Neither {StorageSettingsTypeName}.IdentityNames nor {path} exists: the storage setting names have no source.");
        string source = File.ReadAllText(path);
        Match defaultName = DefaultNameRegex().Match(source);
        Assert.True(defaultName.Success, "StorageConnection.FromSettings no longer has a default setting name.");
        string baseName = defaultName.Groups[1].Value;
        string[] suffixes = SuffixRegex().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.NotEmpty(suffixes);
        return suffixes.Select(s => $"{baseName}__{s}").ToArray();
    }

    [GeneratedRegex(@"FromSettings\([^)]*string name = ""(\w+)""")]
    private static partial Regex DefaultNameRegex();

    [GeneratedRegex(@"\$""\{name\}__(\w+)""")]
    private static partial Regex SuffixRegex();
}
