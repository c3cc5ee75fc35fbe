using System.Text;
using Sharpdig.Chisels;
using Xunit;

namespace Sharpdig.Tests.Chisels;

/// <summary>-cl and -i over sysdig's own chisel files match the real sysdig's output byte for byte.</summary>
public class ChiselListingTests
{
    private const string UpstreamChisels = "/usr/share/sysdig/chisels";

    private static string Golden(string id) =>
        File.ReadAllText(Path.Combine(TestPaths.RequireShared("conformance/golden"), id + ".out"));

    private static ChiselDirectories Upstream()
    {
        Skip.IfNot(Directory.Exists(UpstreamChisels), "sysdig's chisels are not installed");
        return new ChiselDirectories([UpstreamChisels]);
    }

    [SkippableFact]
    public void ListMatchesSysdig()
    {
        string expected = Golden("list-chisels-fcw");
        var ms = new MemoryStream();
        ChiselListing.PrintList(ChiselCatalog.Scan(Upstream()), ms);
        Assert.Equal(expected, Encoding.UTF8.GetString(ms.ToArray()));
    }

    [SkippableTheory]
    [InlineData("chisel-info-fcw", "topfiles_bytes")]
    [InlineData("chisel-info-fdcount-fcw", "fdcount_by")]
    [InlineData("chisel-info-echo-fcw", "echo_fds")]
    public void InfoMatchesSysdig(string id, string chisel)
    {
        string expected = Golden(id);
        var found = ChiselCatalog.Scan(Upstream()).Single(c => c.Name == chisel);
        var ms = new MemoryStream();
        ChiselListing.PrintInfo(found, ms);
        Assert.Equal(expected, Encoding.UTF8.GetString(ms.ToArray()));
    }
}
