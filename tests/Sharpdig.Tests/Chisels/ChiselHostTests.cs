using System.Text;
using Sharpdig.Chisels;
using Xunit;

namespace Sharpdig.Tests.Chisels;

/// <summary>The Lua host and the chisel API, on small chisels written for each test and a fake engine.</summary>
public sealed class ChiselHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpdig-chisels-").FullName;
    private readonly MemoryStream _stdout = new();
    private readonly FakeChiselEngine _engine = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string lua) => File.WriteAllText(Path.Combine(_dir, name + ".lua"), lua);

    private ChiselSession Session() => new(new ChiselDirectories([_dir]), new ChiselOutput(_stdout));

    private string Output(ChiselSession s)
    {
        s.Output.Flush();
        return Encoding.UTF8.GetString(_stdout.ToArray());
    }

    private const string Header = "description = 'd'; short_description = 's'; category = 'c'\n";

    [Fact]
    public void RunsTheLifecycleInOrder()
    {
        Write("life", Header + """
            args = { { name = "n", argtype = "int", description = "x" } }
            function on_set_arg(name, val) print("arg " .. name .. "=" .. val); return true end
            function on_init() print("init"); return true end
            function on_capture_start() print("start"); return true end
            function on_event() print("event " .. evt.get_num() .. " " .. evt.get_type()); return true end
            function on_capture_end(s, ns, delta) print("end", s, ns, delta) end
            """);
        using var s = Session();
        int take = s.ArgumentCounter(_ => false)("life", ["7", "more"]);
        Assert.Equal(1, take);
        _engine.FirstEventTimestamp = 1_000_000_000; _engine.LastEventTimestamp = 3_500_000_000;
        s.Start(_engine);
        s.CaptureStart();
        s.OnEvent(FakeChiselEngine.Event(3, 2_000_000_000, 1, 1));
        s.CaptureEnd();
        Assert.Equal("arg n=7\ninit\nstart\nevent 1 open\nend\t3\t500000000\t2500000000\n", Output(s));
    }

    [Fact]
    public void CountsArgumentsLikeSysdig()
    {
        Write("none", Header + "args = {}");
        Write("req", Header + "args = { { name = 'a', argtype = 'string' } }");
        Write("opt", Header + "args = { { name = 'a', argtype = 'string', optional = true } }");
        Write("flt", Header + "args = { { name = 'a', argtype = 'filter', optional = true } }");
        using var s = Session();
        var count = s.ArgumentCounter(text => text == "evt.type=open");
        Assert.Equal(0, count("none", ["x"]));
        Assert.Equal(1, count("req", ["x", "y"]));
        Assert.Equal(0, count("opt", ["-n", "1"]));
        Assert.Equal(0, count("opt", ["evt.type=open"]));        // the rest is a valid filter
        Assert.Equal(1, count("opt", ["word"]));
        Assert.Equal(1, count("flt", ["evt.type=open"]));        // a lone filter argument is always taken
        Assert.Equal(0, count("opt", []));
        var e = Assert.Throws<ChiselException>(() => count("req", []));
        Assert.Equal("missing arguments for chisel req", e.Message);
        e = Assert.Throws<ChiselException>(() => count("nosuch", []));
        Assert.Equal("can't open file nosuch", e.Message);
    }

    [Fact]
    public void SplitsTheArgumentWordWithQuotes()
    {
        Assert.Equal(["1", "two words", "x"], Chisel.SplitArgs("1 'two words' x", "c"));
        Assert.Equal(["a", "b c"], Chisel.SplitArgs("a `b c`", "c"));
        Assert.Throws<ChiselException>(() => Chisel.SplitArgs("a 'b", "c"));
    }

    [Fact]
    public void ExecReplacesTheChiselAndPassesArguments()
    {
        Write("inner", Header + """
            args = { { name = "a", argtype = "string" }, { name = "b", argtype = "string" } }
            function on_set_arg(name, val) print(name .. "=" .. val); return true end
            function on_init() print("inner init"); return true end
            """);
        Write("outer", Header + """
            args = {}
            function on_init() chisel.exec("inner", "x", "two words") return true end
            """);
        using var s = Session();
        s.Add("outer", null);
        s.Start(_engine);
        Assert.Equal("a=x\nb=two words\ninner init\n", Output(s));
        Assert.Equal("inner", s.Chisels.Single().Name);
    }

    [Fact]
    public void RuntimeErrorsNameTheChiselFileAndLine()
    {
        Write("broken", Header + "args = {}\nfunction on_event()\n  local x = nil\n  return x.y\nend\n");
        using var s = Session();
        s.Add("broken", null);
        s.Start(_engine);
        var e = Assert.Throws<ChiselException>(() => s.OnEvent(FakeChiselEngine.Event(3, 1, 1, 1)));
        Assert.StartsWith("broken chisel error: ", e.Message);
        Assert.True(e.Message.Contains("broken.lua:5:"), e.Message);
    }

    [Fact]
    public void LoadErrorsNameTheChiselFileAndLine()
    {
        Write("syntax", Header + "args = {}\nfunction on_event(\n");
        using var s = Session();
        var e = Assert.Throws<ChiselException>(() => s.Add("syntax", null));
        Assert.StartsWith("Failed to load chisel syntax: ", e.Message);
        Assert.Contains("syntax.lua:", e.Message);
    }

    [Fact]
    public void UnknownFieldRaisesAtTheChiselsLine()
    {
        Write("badfield", Header + "args = {}\nfunction on_init()\n  chisel.request_field('no.such')\n  return true\nend\n");
        using var s = Session();
        s.Add("badfield", null);
        var e = Assert.Throws<ChiselException>(() => s.Start(_engine));
        Assert.Contains("badfield.lua:4: chisel requesting nonexistent field no.such", e.Message);
    }

    [Fact]
    public void FieldsFilterAndFormatterApplyPerEvent()
    {
        Write("fmt", Header + """
            args = {}
            function on_init()
              tid = chisel.request_field("thread.tid")
              ty = chisel.request_field("evt.type")
              chisel.set_filter("thread.tid=1")
              chisel.set_event_formatter("F")
              return true
            end
            function on_event() print(evt.field(ty), evt.field(tid), evt.field(nil)); return true end
            """);
        using var s = Session();
        s.Add("fmt", null);
        s.Start(_engine);
        s.OnEvent(FakeChiselEngine.Event(3, 10, 1, 1));
        s.OnEvent(FakeChiselEngine.Event(3, 11, 2, 2));
        Assert.Equal("open\t1\tnil\n[F] #1\n", Output(s));
    }

    [Fact]
    public void FieldsReadsSeveralHandlesAtOnce()
    {
        Write("many", Header + """
            args = {}
            function on_init()
              tid = chisel.request_field("thread.tid")
              ty = chisel.request_field("evt.type")
              return true
            end
            function on_event()
              local a, b, c = evt.fields(ty, tid, nil)
              print(a == evt.field(ty), b == evt.field(tid), a, b, c, select("#", evt.fields(tid, ty)))
              return true
            end
            """);
        using var s = Session();
        s.Add("many", null);
        s.Start(_engine);
        s.OnEvent(FakeChiselEngine.Event(3, 10, 1, 1));
        Assert.Equal("true\ttrue\topen\t1\tnil\t2\n", Output(s));
    }

    [Fact]
    public void IntervalsTickInCaptureTimeIncludingFilteredOutEvents()
    {
        Write("tick", Header + """
            args = {}
            function on_init() chisel.set_interval_s(1); return true end
            function on_event() return true end
            function on_interval(s, ns, delta) print("tick", s, ns, delta); return true end
            """);
        using var s = Session();
        s.Add("tick", null);
        s.Start(_engine);
        s.OnEvent(FakeChiselEngine.Event(3, 5_100_000_000, 1, 1));      // first event: aligns the timer
        s.OnFilteredOut(FakeChiselEngine.Event(3, 5_900_000_000, 1, 2));
        s.OnFilteredOut(FakeChiselEngine.Event(3, 6_200_000_000, 1, 3)); // crosses 6 s
        s.OnEvent(FakeChiselEngine.Event(3, 8_000_000_001, 1, 4));      // crosses 8 s (one call, not two)
        Assert.Equal("tick\t6\t200000000\t0\ntick\t8\t1\t1800000001\n", Output(s));
    }

    [Fact]
    public void PreciseIntervalsCatchUpEveryPeriod()
    {
        Write("precise", Header + """
            args = {}
            function on_init() chisel.set_precise_interval_ns(100); return true end
            function on_interval(s, ns, delta) print(ns, delta); return true end
            """);
        using var s = Session();
        s.Add("precise", null);
        s.Start(_engine);
        s.OnEvent(FakeChiselEngine.Event(3, 1000, 1, 1));
        s.OnEvent(FakeChiselEngine.Event(3, 1350, 1, 2));
        Assert.Equal("1000\t100\n1100\t100\n1200\t100\n", Output(s));
    }

    [Fact]
    public void EndCaptureStopsTheLoop()
    {
        Write("stop", Header + "args = {}\nfunction on_event() sysdig.end_capture() return false end\n");
        using var s = Session();
        s.Add("stop", null);
        s.Start(_engine);
        Assert.False(s.OnEvent(FakeChiselEngine.Event(3, 1, 1, 1)));
    }

    [Fact]
    public void RequireFindsHelpersOnTheChiselPath()
    {
        File.WriteAllText(Path.Combine(_dir, "helper_mod.lua"), "return { twice = function(x) return 2 * x end }");
        Write("user", Header + "args = {}\nlocal h = require 'helper_mod'\nfunction on_init() print(h.twice(21)) return true end\n");
        using var s = Session();
        s.Add("user", null);
        s.Start(_engine);
        Assert.Equal("42\n", Output(s));
    }

    [Fact]
    public void SysdigTableReportsTheEngine()
    {
        Write("info", Header + """
            args = {}
            function on_init()
              sysdig.set_snaplen(2000)
              sysdig.set_output_format("ascii")
              local ok = pcall(sysdig.set_output_format, "bogus")
              local m = sysdig.get_machine_info()
              print(m.num_cpus, m.hostname, sysdig.get_evtsource_name(), sysdig.is_live(), ok)
              print(sysdig.make_ts(1, 5), sysdig.add_ts("18446744073709551000", "15"), sysdig.subtract_ts("10", "3"))
              return true
            end
            """);
        using var s = Session();
        s.Add("info", null);
        s.Start(_engine);
        Assert.Equal("2\thost1\t/tmp/x.scap\tfalse\tfalse\n1000000005\t18446744073709551015\t7\n", Output(s));
        Assert.Equal(["snaplen:2000", "format:ascii", "format:bogus"], _engine.Calls);
    }

    [Fact]
    public void LuaDialectIsSysdigs()
    {
        // LuaJIT: numbers print without ".0", %d truncates fractions, 5.1 functions exist.
        Write("dialect", Header + """
            args = {}
            function on_init()
              print(4 / 2, string.format("%d|%02u|%5.1f", 2.7, 3.9, 1.26), unpack({1, 2}))
              print(type(loadstring), type(setfenv), type(table.getn), math.floor(2.5))
              return true
            end
            """);
        using var s = Session();
        s.Add("dialect", null);
        s.Start(_engine);
        Assert.Equal("2\t2|03|  1.3\t1\t2\nfunction\tfunction\tfunction\t2\n", Output(s));
    }

    [Fact]
    public void ChiselPathVariableReplacesTheSearchPath()
    {
        string? old = Environment.GetEnvironmentVariable(ChiselDirectories.PathVariable);
        try
        {
            Environment.SetEnvironmentVariable(ChiselDirectories.PathVariable, _dir + ":/nonexistent");
            var dirs = ChiselDirectories.FromEnvironment();
            Assert.Equal(["", _dir + "/", "/nonexistent/"], dirs.Entries);
        }
        finally { Environment.SetEnvironmentVariable(ChiselDirectories.PathVariable, old); }
    }
}
