namespace Nst.Engine.Benchmarks;

/// <summary>What <see cref="DeviceCheck"/> compares (see <c>scripts/gpu-check.sh</c>).</summary>
public sealed record DeviceCheckOptions
{
    /// <summary>
    /// Folder with the PyTorch parity fixtures (<c>narrow_vgg19.pth</c>, <c>parity.safetensors</c> from
    /// scripts/fixtures/make_parity_fixtures.py); null skips the checks that need them.
    /// </summary>
    public string? FixtureDirectory { get; init; }

    /// <summary>Side of the images for the evaluation on the full-width random model (random:0); 0 skips it. Default 48.</summary>
    public int RandomSize { get; init; } = 48;

    /// <summary>Side of the images for the 5 + 5 resume check; 0 skips it. Default 64.</summary>
    public int ResumeSize { get; init; } = 64;

    /// <summary>Run the resume check on random:0 (full width); false runs it on the fixture's narrow model (fast on an emulator). Default true.</summary>
    public bool ResumeOnRandomModel { get; init; } = true;

    public void Validate()
    {
        if (RandomSize is < 0 or (> 0 and < 16)) throw new NstException($"--random-size {RandomSize}: use 0 (skip) or at least 16.");
        if (ResumeSize is < 0 or (> 0 and < 16)) throw new NstException($"--resume-size {ResumeSize}: use 0 (skip) or at least 16.");
        if (!ResumeOnRandomModel && FixtureDirectory is null && ResumeSize > 0) throw new NstException("The resume check on the narrow model needs --fixtures DIR.");
    }
}
