using System.Diagnostics;
using System.Text.RegularExpressions;
using Sharpdig.Fields;
using Sharpdig.Formatting.Templates;
using Xunit;

namespace Sharpdig.Tests.Filtering;

public class FieldCatalogTests
{
    /// <summary>The set of (name, type) pairs equals what the real `sysdig -lv` prints.</summary>
    [SkippableFact]
    public void Field_names_and_types_match_sysdig()
    {
        const string sysdig = "/usr/bin/sysdig";
        if (!File.Exists(sysdig))
        {
            if (TestPaths.IsCi) Assert.Fail("sysdig 0.29.3 is needed as the reference for the field list");
            Skip.If(true, "sysdig is not installed");
        }
        var psi = new ProcessStartInfo(sysdig, "-lv") { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        string? pending = null;
        foreach (var line in text.Split('\n'))
        {
            var m = Regex.Match(line, @"^([a-z][\w.]*)\s+\(Type: (\w+)\)");
            if (m.Success) { expected.Add($"{m.Groups[1].Value} {m.Groups[2].Value}"); pending = null; continue; }
            var name = Regex.Match(line, @"^([a-z][\w.]*)$");
            if (name.Success) { pending = name.Groups[1].Value; continue; }
            var cont = Regex.Match(line, @"^\s+\(Type: (\w+)\)");
            if (cont.Success && pending is not null) { expected.Add($"{pending} {cont.Groups[1].Value}"); pending = null; }
        }
        var actual = new SortedSet<string>(FieldCatalog.ListedFields.Select(f => $"{f.Name} {FieldTypeNames.ListName(f.Type)}"), StringComparer.Ordinal);
        Assert.True(expected.Count > 200, "could not read sysdig -lv");
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("fd.name", "fd.name")]
    [InlineData("proc.aname[2]", "proc.aname")]
    [InlineData("evt.arg.fd", "evt.arg")]
    [InlineData("evt.rawarg.res", "evt.rawarg")]
    [InlineData("evt.type.is.open", "evt.type.is")]
    [InlineData("fd.cip.name", "fd.cip.name")]
    public void Compiles_references_with_arguments(string text, string field)
    {
        Assert.True(FieldCatalog.TryCompile(text, out var x, out var error), error);
        Assert.Equal(field, x!.Info.Name);
        Assert.Equal(text, x.Text);
    }

    [Fact]
    public void Rawarg_takes_the_type_of_the_first_event_with_that_parameter()
    {
        Assert.True(FieldCatalog.TryCompile("evt.rawarg.res", out var res, out _));
        Assert.Equal(FieldType.Int64, res!.Type);
        Assert.True(FieldCatalog.TryCompile("evt.rawarg.name", out var name, out _));
        Assert.Equal(FieldType.CharBuf, name!.Type);
    }

    [Theory]
    [InlineData("%evt.num %foo.bar", "invalid formatting token foo.bar")]
    [InlineData("%evt.num %", "cannot end with a %")]
    [InlineData("%-12proc.name", "invalid formatting token -12proc.name")]
    [InlineData("%fd.net", "fd.net is filter only")]
    public void Bad_formats_are_refused(string format, string message)
    {
        var e = Assert.Throws<FormatException>(() => OutputTemplate.Parse(format));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Formats_split_into_literals_fields_and_widths()
    {
        var t = OutputTemplate.Parse("*%12user.name x%proc.namex\\t");
        Assert.True(t.PrintAll);
        Assert.Equal(12, t.Parts[0].Width);
        Assert.Equal("user.name", t.Parts[0].Field!.Info.Name);
        Assert.Equal("proc.name", t.Parts[2].Field!.Info.Name);
        Assert.Equal("x\t"u8.ToArray(), t.Parts[3].Literal);
    }
}
