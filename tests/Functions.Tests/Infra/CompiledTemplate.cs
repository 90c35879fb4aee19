using System.Text.Json;

namespace Nst.Functions.Tests.Infra;

/// <summary>
/// infra/bicep/main.bicep as the Bicep compiler builds it (<c>bicep build --stdout</c>, run once per test run): the
/// ARM template azd deploys, with every module inlined as a nested deployment.
/// </summary>
public static class CompiledTemplate
{
    private static readonly Lazy<(BicepResult Build, JsonElement Root)> Compiled = new(Compile);

    /// <summary>The <c>bicep build</c> run itself (exit code, diagnostics).</summary>
    public static BicepResult Build => Compiled.Value.Build;

    /// <summary>The compiled main template.</summary>
    public static JsonElement Main => Compiled.Value.Root;

    /// <summary>Every resource the deployment creates (not <c>existing</c> references), nested deployments walked.</summary>
    public static IReadOnlyList<(string Type, JsonElement Resource, JsonElement Template)> Resources { get; } = Walk(Main).ToArray();

    /// <summary>The nested template (module) that declares a resource of the given type; exactly one must.</summary>
    public static JsonElement TemplateDeclaring(string type) =>
        Assert.Single(Resources, r => r.Type.Equals(type, StringComparison.OrdinalIgnoreCase)).Template;

    /// <summary>A parameter of the main template (type, defaultValue, allowedValues, minValue, maxValue …).</summary>
    public static JsonElement Parameter(string name)
    {
        Assert.True(Main.GetProperty("parameters").TryGetProperty(name, out JsonElement parameter), $"main.bicep has no parameter {name}.");
        return parameter;
    }

    private static (BicepResult, JsonElement) Compile()
    {
        BicepResult build = BicepCli.Run("build", BicepText.MainPath, "--stdout");
        Assert.True(build.ExitCode == 0, build.Describe());
        using JsonDocument document = JsonDocument.Parse(build.StandardOutput);
        return (build, document.RootElement.Clone());
    }

    private static IEnumerable<(string, JsonElement, JsonElement)> Walk(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out JsonElement resources))
        {
            yield break;
        }

        // Templates with languageVersion 2.0 keep resources in an object keyed by symbolic name.
        IEnumerable<JsonElement> items = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();
        foreach (JsonElement resource in items)
        {
            if (resource.TryGetProperty("existing", out JsonElement existing) && existing.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            string type = resource.GetProperty("type").GetString()!;
            yield return (type, resource, template);
            if (type == "Microsoft.Resources/deployments")
            {
                foreach (var nested in Walk(resource.GetProperty("properties").GetProperty("template")))
                {
                    yield return nested;
                }
            }
        }
    }
}
