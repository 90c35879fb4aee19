using System.Globalization;
using Nst.Engine.Losses;
using Nst.Engine.Models.Safetensors;
using Nst.Engine.Optim;

namespace Nst.Engine.Checkpoints;

/// <summary>
/// The whole state of a run in one safetensors file: the image x at the current scale, the optimizer's tensors,
/// and in <c>__metadata__</c> the position in the schedule, counters, the optimizer's scalars and the fingerprint
/// of the options and inputs that produced it, and the scale's lowest-loss iterate so far (its image, losses and
/// iteration). Floats are stored as raw F32 and losses as round-trip text, so a resumed run is bit-identical.
/// </summary>
public sealed record Checkpoint
{
    public const string FormatVersion = "1";
    private const string ImageKey = "image";
    private const string BestImageKey = "best_image";
    private const string OptimTensorPrefix = "optim.";
    private const string OptimScalarPrefix = "optim.scalar.";

    public required string Fingerprint { get; init; }

    /// <summary>Index of the scale the image belongs to.</summary>
    public required int Scale { get; init; }

    /// <summary>Iterations done at <see cref="Scale"/>.</summary>
    public required int IterationInScale { get; init; }

    /// <summary>Iterations done in total, over all scales.</summary>
    public required int Iteration { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>x as 3 planes (R, G, B) of Height×Width in [0,1].</summary>
    public required float[] Image { get; init; }

    public required OptimizerState Optimizer { get; init; }

    /// <summary>The losses of <see cref="Image"/> when they were evaluated (at the end of a scale), else null.</summary>
    public LossBreakdown? FinalLoss { get; init; }

    /// <summary>The lowest loss evaluated at <see cref="Scale"/> so far, or null.</summary>
    public LossBreakdown? BestLoss { get; init; }

    /// <summary>The iteration count after which the best image was current.</summary>
    public int BestIteration { get; init; }

    /// <summary>The best image (same shape as <see cref="Image"/>) when the run keeps it as its result, else null.</summary>
    public float[]? BestImage { get; init; }

    /// <summary>Anything else worth keeping (engine version, timings); not interpreted.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public void WriteTo(Stream stream)
    {
        var w = new SafetensorsWriter();
        w.Add(ImageKey, Image, [1, 3, Height, Width]);
        if (BestImage is not null) w.Add(BestImageKey, BestImage, [1, 3, Height, Width]);
        foreach (var (name, values) in Optimizer.Tensors)
        {
            w.Add(OptimTensorPrefix + name, values, [values.Length]);
        }

        w.Metadata["nst.format"] = FormatVersion;
        w.Metadata["nst.fingerprint"] = Fingerprint;
        w.Metadata["nst.scale"] = Scale.ToString(CultureInfo.InvariantCulture);
        w.Metadata["nst.iteration_in_scale"] = IterationInScale.ToString(CultureInfo.InvariantCulture);
        w.Metadata["nst.iteration"] = Iteration.ToString(CultureInfo.InvariantCulture);
        WriteLoss(w.Metadata, "nst.final", FinalLoss);
        WriteLoss(w.Metadata, "nst.best", BestLoss);
        if (BestLoss is not null) w.Metadata["nst.best.iteration"] = BestIteration.ToString(CultureInfo.InvariantCulture);
        w.Metadata["optim.kind"] = Optimizer.Kind;
        foreach (var (name, value) in Optimizer.Scalars) w.Metadata[OptimScalarPrefix + name] = value;
        foreach (var (name, value) in Extra) w.Metadata["extra." + name] = value;
        w.WriteTo(stream);
    }

    public void Save(string path)
    {
        string tmp = path + ".tmp";
        using (var f = File.Create(tmp))
        {
            WriteTo(f);
        }

        File.Move(tmp, path, overwrite: true);
    }

    public static Checkpoint Load(string path)
    {
        if (!File.Exists(path)) throw new NstException($"Checkpoint '{path}' does not exist.");
        using var f = File.OpenRead(path);
        return Read(f, path);
    }

    public static Checkpoint Read(Stream stream, string description = "checkpoint")
    {
        SafetensorsReader r;
        try
        {
            r = SafetensorsReader.Open(stream, leaveOpen: true, description);
        }
        catch (NstException e)
        {
            throw new NstException($"'{description}' is not a readable checkpoint: {e.Message}", e);
        }

        using (r)
        {
            var meta = r.Metadata;
            if (!meta.TryGetValue("nst.format", out var format) || format != FormatVersion || !r.Contains(ImageKey))
            {
                throw new NstException($"'{description}' is not an nst checkpoint (format {FormatVersion}).");
            }

            var shape = r.GetEntry(ImageKey).Shape;
            if (shape.Count != 4 || shape[0] != 1 || shape[1] != 3)
            {
                throw new NstException($"'{description}' holds an image of shape [{string.Join(", ", shape)}]; expected [1, 3, H, W].");
            }

            if (r.Contains(BestImageKey) && !r.GetEntry(BestImageKey).Shape.SequenceEqual(shape))
            {
                throw new NstException($"'{description}' holds a best image whose shape differs from its image's.");
            }

            var bestLoss = ReadLoss(meta, "nst.best", description);

            var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var e in r.Entries)
            {
                if (e.Name.StartsWith(OptimTensorPrefix, StringComparison.Ordinal)) tensors[e.Name[OptimTensorPrefix.Length..]] = r.ReadSingles(e.Name);
            }

            var scalars = meta.Where(p => p.Key.StartsWith(OptimScalarPrefix, StringComparison.Ordinal))
                .ToDictionary(p => p.Key[OptimScalarPrefix.Length..], p => p.Value, StringComparer.Ordinal);
            var extra = meta.Where(p => p.Key.StartsWith("extra.", StringComparison.Ordinal))
                .ToDictionary(p => p.Key["extra.".Length..], p => p.Value, StringComparer.Ordinal);
            return new Checkpoint
            {
                Fingerprint = Get(meta, "nst.fingerprint", description),
                Scale = GetInt(meta, "nst.scale", description),
                IterationInScale = GetInt(meta, "nst.iteration_in_scale", description),
                Iteration = GetInt(meta, "nst.iteration", description),
                Height = (int)shape[2],
                Width = (int)shape[3],
                Image = r.ReadSingles(ImageKey),
                Optimizer = new OptimizerState(Get(meta, "optim.kind", description), tensors, scalars),
                FinalLoss = ReadLoss(meta, "nst.final", description),
                BestLoss = bestLoss,
                BestIteration = bestLoss is null ? 0 : GetInt(meta, "nst.best.iteration", description),
                BestImage = r.Contains(BestImageKey) ? r.ReadSingles(BestImageKey) : null,
                Extra = extra,
            };
        }
    }

    private static void WriteLoss(IDictionary<string, string> meta, string prefix, LossBreakdown? loss)
    {
        if (loss is not { } l) return;
        meta[prefix + ".content"] = l.Content.ToString("R", CultureInfo.InvariantCulture);
        meta[prefix + ".style"] = l.Style.ToString("R", CultureInfo.InvariantCulture);
        meta[prefix + ".tv"] = l.TotalVariation.ToString("R", CultureInfo.InvariantCulture);
    }

    private static LossBreakdown? ReadLoss(IReadOnlyDictionary<string, string> meta, string prefix, string description)
    {
        if (!meta.ContainsKey(prefix + ".content")) return null;
        return new LossBreakdown(GetDouble(meta, prefix + ".content", description), GetDouble(meta, prefix + ".style", description), GetDouble(meta, prefix + ".tv", description));
    }

    private static double GetDouble(IReadOnlyDictionary<string, string> meta, string key, string description)
        => double.TryParse(Get(meta, key, description), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new NstException($"Checkpoint '{description}' has an invalid '{key}'.");

    private static string Get(IReadOnlyDictionary<string, string> meta, string key, string description)
        => meta.TryGetValue(key, out var v) ? v : throw new NstException($"Checkpoint '{description}' lacks '{key}'.");

    private static int GetInt(IReadOnlyDictionary<string, string> meta, string key, string description)
        => int.TryParse(Get(meta, key, description), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0
            ? v
            : throw new NstException($"Checkpoint '{description}' has an invalid '{key}'.");
}
