using System.Reflection;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Tests.Infra;

/// <summary>The configuration names the code reads, derived from the code itself.</summary>
public static class CodeSettingNames
{
    /// <summary><c>Nst__X</c> and <c>Nst__X__Y</c> for every settable property under <see cref="NstSettings"/>.</summary>
    public static IReadOnlyList<string> Nst { get; } = Walk(typeof(NstSettings), NstSettings.SectionName).ToArray();

    /// <summary>The identity-based <c>AzureWebJobsStorage__…</c> names, what Azure sets (the bare connection string is for local runs).</summary>
    public static IReadOnlyList<string> Storage => StorageSettings.IdentityNames;

    /// <summary>Where <see cref="Storage"/> came from, for failure messages.</summary>
    public static string StorageSource => $"{typeof(StorageSettings).FullName}.{nameof(StorageSettings.IdentityNames)}";

    /// <summary>Everything the code reads: <see cref="Nst"/> and <see cref="Storage"/>.</summary>
    public static IReadOnlyList<string> All => [.. Nst, .. Storage];

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
}
