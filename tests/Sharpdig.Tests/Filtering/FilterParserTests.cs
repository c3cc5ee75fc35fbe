using Sharpdig.Filtering;
using Xunit;

namespace Sharpdig.Tests.Filtering;

public class FilterParserTests
{
    [Theory]
    [InlineData("proc.name=cat", "proc.name", CompareOp.Equal, "cat")]
    [InlineData("proc.name = cat", "proc.name", CompareOp.Equal, "cat")]
    [InlineData("fd.name!=/etc", "fd.name", CompareOp.NotEqual, "/etc")]
    [InlineData("evt.num<=5", "evt.num", CompareOp.LessEqual, "5")]
    [InlineData("evt.num<5", "evt.num", CompareOp.Less, "5")]
    [InlineData("evt.num>=5", "evt.num", CompareOp.GreaterEqual, "5")]
    [InlineData("evt.num>5", "evt.num", CompareOp.Greater, "5")]
    [InlineData("fd.name contains /etc", "fd.name", CompareOp.Contains, "/etc")]
    [InlineData("fd.name icontains ETC", "fd.name", CompareOp.IContains, "ETC")]
    [InlineData("fd.name startswith /etc", "fd.name", CompareOp.StartsWith, "/etc")]
    [InlineData("fd.name endswith .so", "fd.name", CompareOp.EndsWith, ".so")]
    [InlineData("fd.name glob /etc/*", "fd.name", CompareOp.Glob, "/etc/*")]
    [InlineData("fd.name='/etc/hosts'", "fd.name", CompareOp.Equal, "/etc/hosts")]
    [InlineData("fd.name=\"a b\"", "fd.name", CompareOp.Equal, "a b")]
    [InlineData("proc.name=ca\\x74", "proc.name", CompareOp.Equal, "cat")]
    [InlineData("proc.name==cat", "proc.name", CompareOp.Equal, "=cat")]   // sysdig reads '=' then "=cat"
    public void Parses_single_checks(string text, string field, CompareOp op, string value)
    {
        var root = FilterParser.Parse(text);
        var check = Assert.IsType<CheckNode>(Assert.Single(root.Items).Node);
        Assert.Equal(field, check.Field);
        Assert.Equal(op, check.Op);
        Assert.Equal(value, Assert.Single(check.Values));
    }

    [Fact]
    public void In_lists_keep_every_value()
    {
        var check = (CheckNode)FilterParser.Parse("evt.type in ( open , close,'x y')").Items[0].Node;
        Assert.Equal(CompareOp.In, check.Op);
        Assert.Equal(["open", "close", "x y"], check.Values);
    }

    [Fact]
    public void Exists_takes_no_value_and_lets_the_filter_go_on()
    {
        var root = FilterParser.Parse("fd.name exists and evt.dir=<");
        Assert.Equal(2, root.Items.Count);
        Assert.Equal(CompareOp.Exists, ((CheckNode)root.Items[0].Node).Op);
        Assert.Equal(BoolOp.And, root.Items[1].Op);
    }

    [Fact]
    public void Not_and_parentheses_nest()
    {
        var root = FilterParser.Parse("not (evt.dir=> or evt.type=mmap) and proc.name=cat");
        Assert.Equal(BoolOp.Not, root.Items[0].Op);
        var group = Assert.IsType<GroupNode>(root.Items[0].Node);
        Assert.Equal(BoolOp.Or, group.Items[1].Op);
        Assert.Equal(BoolOp.And, root.Items[1].Op);
    }

    [Theory]
    [InlineData("evt.type=execve or evt.type=procexit and evt.dir=>", "mixes 'and' and 'or'")]
    [InlineData("(a.b=1 or c.d=2 and e.f=3)", "mixes 'and' and 'or'")]
    [InlineData("proc.name=cat and", "unexpected end of filter")]
    [InlineData("(proc.name=cat", "unexpected end of filter")]
    [InlineData("proc.name=cat)", "unexpected end of filter")]
    [InlineData("fd.name intersects (a)", "expected '('")]
    [InlineData("evt.num in (1,2", "expected either ')' or ','")]
    [InlineData("proc.name", "unrecognized comparison operator")]
    [InlineData("proc.name bcontains 636174", "unrecognized comparison operator")]
    [InlineData("proc.name=\"cat", "unclosed quotes")]
    [InlineData("proc.name=cat proc.name=bash", "syntax error")]
    public void Bad_filters_name_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(text));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("filter error at position ", e.Message);
    }

    [Fact]
    public void Uniform_chains_of_and_or_or_are_accepted()
    {
        Assert.Equal(3, FilterParser.Parse("a.b=1 or c.d=2 or e.f=3").Items.Count);
        Assert.Equal(3, FilterParser.Parse("a.b=1 and c.d=2 and not e.f=3").Items.Count);
    }
}
