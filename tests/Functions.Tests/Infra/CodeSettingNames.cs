using System.Reflection;
using System.Text.RegularExpressions;
using Nst.Functions.Pipeline;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Infra;

/// <summary>The configuration names the code reads, derived from the code itself.</summary>
public static partial class CodeSettingNames
{
    /// <summary><c>Nst__X</c> and <c>Nst__X__Y</c> for every settable property under <see cref="NstSettings"/>.</summary>
    public static IReadOnlyList<string> Nst { get; } = Walk(typeof(NstSettings), NstSettings.SectionName).ToArray();

    /// <summary>
    /// <c>AzureWebJobsStorage</c> and its identity-based forms as <c>StorageConnection.FromSettings</c> reads them:
    /// its source has <c>$"{name}__suffix"</c> for each, and its default name is AzureWebJobsStorage.
    /// </summary>
    public static IReadOnlyList<string> Storage { get; } = ReadStorageNames();

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

    private static string[] ReadStorageNames()
    {
        string path = Path.Combine(RepositoryPaths.Root, "src", "Functions", "Storage", "StorageConnection.cs");
        string source = File.ReadAllText(path);
        Match defaultName = DefaultNameRegex().Match(source);
        Assert.True(defaultName.Success, "StorageConnection.FromSettings no longer has a default setting name.");
        string baseName = defaultName.Groups[1].Value;
        string[] suffixes = SuffixRegex().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.NotEmpty(suffixes);
        return [baseName, .. suffixes.Select(s => $"{baseName}__{s}")];
    }

    [GeneratedRegex(@"FromSettings\([^)]*string name = ""(\w+)""")]
    private static partial Regex DefaultNameRegex();

    [GeneratedRegex(@"\$""\{name\}__(\w+)""")]
    private static partial Regex SuffixRegex();
}
