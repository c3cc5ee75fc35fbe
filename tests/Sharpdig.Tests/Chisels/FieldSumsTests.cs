using System.Text;
using Sharpdig.Chisels;
using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Chisels;

/// <summary>
/// chisel.sum_by (the host summing a top table) against the Lua on_event of toptable.lua that it
/// replaces: the same tables for one, two and three keys of every kind, missing keys and values,
/// zero and negative values, a scale; and no allocation per event once the keys are known.
/// </summary>
public sealed class FieldSumsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpdig-sums-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static FakeChiselEngine Engine()
    {
        var engine = new FakeChiselEngine();
        // Keys of each kind, some missing; values with fractions, zeros, negatives and a missing one.
        engine.Fields["k.name"] = e => e.ThreadId % 7 == 0 ? null : "p" + e.ThreadId % 5;
        engine.Fields["k.num"] = e => e.ThreadId % 4 * 1.5;
        engine.Fields["k.flag"] = e => e.ThreadId % 3 == 0;
        engine.Fields["k.big"] = e => e.ThreadId % 2 == 0 ? ulong.MaxValue - (ulong)(e.ThreadId % 3) : (ulong)(e.ThreadId % 6);
        engine.Fields["v"] = e => e.Number % 13 == 5 ? null : (object)((e.Number % 11 - 2) * 0.37 + e.ThreadId * 1e-3);
        return engine;
    }

    private string Run(string keys, bool keepZero, bool native)
    {
        string name = (native ? "native_" : "lua_") + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(Path.Combine(_dir, name + ".lua"), $$"""
            description = "d"; short_description = "s"; category = "c"; args = {}
            {{(native ? "" : "chisel.sum_by = nil   -- the Lua on_event of toptable")}}
            require("toptable").define{
              keys = { {{keys}} }, key_names = { {{keys}} },
              value = "v", value_name = "V", scale = 3, keep_zero = {{(keepZero ? "true" : "false")}},
              top = 0, units = "none",
            }
            """);
        var stdout = new MemoryStream();
        string shipped = Path.Combine(TestPaths.RepoRoot, "share", "chisels");
        using (var session = new ChiselSession(new ChiselDirectories([_dir, shipped]), new ChiselOutput(stdout)))
        {
            session.Add(name, null);
            session.Start(Engine());
            session.CaptureStart();
            for (int i = 0; i < 3000; i++) session.OnEvent(FakeChiselEngine.Event(3, 1_000_000_000UL + (ulong)i, i * 7919 % 97, i));
            session.CaptureEnd();
        }
        return Encoding.UTF8.GetString(stdout.ToArray());
    }

    [Theory]
    [InlineData("\"k.name\"", false)]
    [InlineData("\"k.num\"", true)]
    [InlineData("\"k.name\", \"k.num\"", false)]
    [InlineData("\"k.flag\", \"k.name\"", true)]
    [InlineData("\"k.big\", \"k.name\", \"k.num\"", false)]
    [InlineData("\"k.name\", \"k.flag\", \"k.big\"", true)]
    public void SumsWhatTheLuaVersionSums(string keys, bool keepZero)
    {
        string lua = Run(keys, keepZero, native: false);
        string native = Run(keys, keepZero, native: true);
        Assert.Contains("----", lua);
        Assert.True(lua.Split('\n').Length > 5, lua);
        // Rows of equal value come out in table order, which may differ; everything else may not.
        Assert.Equal(OurChiselsTests.Normalize(lua, OurChiselsTests.Compare.Ties), OurChiselsTests.Normalize(native, OurChiselsTests.Compare.Ties));
    }

    [Fact]
    public void AddingAnEventDoesNotAllocate()
    {
        File.WriteAllText(Path.Combine(_dir, "sums.lua"), """
            description = "d"; short_description = "s"; category = "c"; args = {}
            function on_init()
              chisel.sum_by({ chisel.request_field("thread.tid"), chisel.request_field("thread.tid") }, chisel.request_field("evt.num"), 2, true)
              return true
            end
            """);
        using var session = new ChiselSession(new ChiselDirectories([_dir]), new ChiselOutput(Stream.Null));
        session.Add("sums", null);
        session.Start(new FakeChiselEngine());
        var events = Enumerable.Range(0, 64).Select(i => FakeChiselEngine.Event(3, 1_000_000_000UL + (ulong)i, i % 9, i)).ToArray();
        long Run(int n)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < n; i++) session.OnEvent(events[i % events.Length]);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Run(5_000);
        long extra = AllocationProbe.ExtraBytes(Run, 10_000, 110_000);
        Assert.True(extra < 4_096, $"summing allocated {extra} bytes over 100k events");
    }

    [Fact]
    public void AValueThatIsNotANumberIsAChiselError()
    {
        File.WriteAllText(Path.Combine(_dir, "textsum.lua"), """
            description = "d"; short_description = "s"; category = "c"; args = {}
            function on_init()
              chisel.sum_by({ chisel.request_field("thread.tid") }, chisel.request_field("evt.type"))
              return true
            end
            """);
        using var session = new ChiselSession(new ChiselDirectories([_dir]), new ChiselOutput(Stream.Null));
        session.Add("textsum", null);
        session.Start(new FakeChiselEngine());
        var e = Assert.Throws<ChiselException>(() => session.OnEvent(FakeChiselEngine.Event(3, 1, 1, 1)));
        Assert.Equal("textsum chisel error: attempt to compare number with string", e.Message);
    }
}
