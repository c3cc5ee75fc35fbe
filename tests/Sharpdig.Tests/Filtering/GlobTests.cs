using System.Text;
using Xunit;

namespace Sharpdig.Tests.Filtering;

public class GlobTests
{
    [Theory]
    [InlineData("/etc/*.conf", "/etc/ld.so.conf", true)]
    [InlineData("/etc/*.conf", "/etc/ld.so.cache", false)]
    [InlineData("/lib/x86_64-linux-gnu/lib?.so.*", "/lib/x86_64-linux-gnu/libc.so.6", true)]
    [InlineData("/lib/x86_64-linux-gnu/lib?.so.*", "/lib/x86_64-linux-gnu/libdl.so.2", false)]
    [InlineData("*", "", true)]
    [InlineData("a[bc]d", "acd", true)]
    [InlineData("a[!bc]d", "acd", false)]
    [InlineData("a[a-c]d", "abd", true)]
    [InlineData("*/*", "/usr/lib", true)]   // '/' is not special
    public void Matches_like_fnmatch(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Sharpdig.Filtering.Glob.Match(Encoding.UTF8.GetBytes(pattern), Encoding.UTF8.GetBytes(text)));
}
