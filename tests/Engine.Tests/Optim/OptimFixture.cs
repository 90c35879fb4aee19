using System.Globalization;
using System.Text.Json;

namespace Nst.Engine.Tests.Optim;

/// <summary>One run of Fixtures/optim/optim_parity.json (written by scripts/fixtures/make_optim_fixtures.py).</summary>
internal sealed record OptimFixture(
    bool Clamp, float[] Losses32, int[] Evaluations32, float[] X32, double[] Losses64, double[] X64)
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "optim", "optim_parity.json"))));

    public static OptimFixture Load(string run)
    {
        var r = Document.Value.RootElement.GetProperty("runs").GetProperty(run);
        return new OptimFixture(
            r.GetProperty("clamp").GetBoolean(),
            Floats(r, "losses32"),
            r.GetProperty("evaluations32").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            Floats(r, "x32"),
            Doubles(r, "losses64"),
            Doubles(r, "x64"));
    }

    private static float[] Floats(JsonElement run, string name) =>
        run.GetProperty(name).EnumerateArray().Select(e => float.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();

    private static double[] Doubles(JsonElement run, string name) =>
        run.GetProperty(name).EnumerateArray().Select(e => double.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();
}
