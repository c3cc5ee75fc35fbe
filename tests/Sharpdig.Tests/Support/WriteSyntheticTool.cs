using Xunit;

namespace Sharpdig.Tests.Support;

/// <summary>Writes the synthetic capture to $SHARPDIG_SYNTH_OUT for manual comparison (no-op otherwise).</summary>
public class WriteSyntheticTool
{
    [Fact]
    public void WriteWhenAsked()
    {
        string? path = Environment.GetEnvironmentVariable("SHARPDIG_SYNTH_OUT");
        if (path is null) return;
        SyntheticCaptures.Write(path, int.TryParse(Environment.GetEnvironmentVariable("SHARPDIG_SYNTH_SCENARIO"), out var n) ? n : 1);
        Assert.True(File.Exists(path));
    }
}
