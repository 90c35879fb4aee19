using System.CommandLine;
using System.Text.Json;
using Nst.Engine.Benchmarks;

namespace Nst.Cli.Commands;

/// <summary>
/// <c>nst device-check</c> (hidden; scripts/gpu-check.sh runs it): the device's evaluation against the CPU engine
/// and PyTorch's fixtures, and 5 + resume 5 = 10 on the device. Prints one JSON object; exit 1 when a check fails.
/// </summary>
internal static class DeviceCheckCommand
{
    public static Command Create()
    {
        var device = DeviceOption.Create();
        device.DefaultValueFactory = _ => "cuda";
        var fixtures = new Option<string?>("--fixtures") { Description = "Folder with narrow_vgg19.pth and parity.safetensors (the PyTorch parity fixtures)." };
        var randomSize = new Option<int>("--random-size") { Description = "Image side for random:0 against the CPU engine (0 skips).", DefaultValueFactory = _ => 48 };
        var resumeSize = new Option<int>("--resume-size") { Description = "Image side for 5 + resume 5 = 10 (0 skips).", DefaultValueFactory = _ => 64 };
        var resumeModel = new Option<string>("--resume-model") { Description = "random|fixture: the model of the resume check.", DefaultValueFactory = _ => "random" };
        resumeModel.AcceptOnlyFromAmong("random", "fixture");
        var cmd = new Command("device-check", "Check a device's evaluation against the CPU engine and PyTorch's fixtures.")
        {
            device, fixtures, randomSize, resumeSize, resumeModel,
        };
        cmd.Hidden = true;
        cmd.SetAction((p, ct) => CliRunner.RunAsync(() =>
        {
            var options = new DeviceCheckOptions
            {
                FixtureDirectory = p.GetValue(fixtures),
                RandomSize = p.GetValue(randomSize),
                ResumeSize = p.GetValue(resumeSize),
                ResumeOnRandomModel = p.GetValue(resumeModel) == "random",
            };
            options.Validate();
            using var backend = DeviceOption.Resolve(p.GetValue(device));
            var result = DeviceCheck.Run(backend, options, line => Console.Error.WriteLine($"nst: {line}"));
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["device"] = result.Device,
                ["fixtureVsCpu"] = result.FixtureVsCpu,
                ["fixtureVsPyTorch"] = result.FixtureVsPyTorch,
                ["adamVsPyTorch"] = result.AdamVsPyTorch,
                ["adamImageMaxAbs"] = result.AdamImageMaxAbs,
                ["lbfgsVsPyTorch"] = result.LbfgsVsPyTorch,
                ["lbfgsImageRms"] = result.LbfgsImageRms,
                ["randomVsCpu"] = result.RandomVsCpu,
                ["resumeBitIdentical"] = result.ResumeBitIdentical,
                ["failures"] = result.Failures,
            }));
            return Task.FromResult(result.Passed ? 0 : CliRunner.Fail($"device check failed: {string.Join("; ", result.Failures)}"));
        }));
        return cmd;
    }
}
