using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests;

public class EventTableTests
{
    [Fact]
    public void CodesAreDenseAndMatchIndex()
    {
        for (int i = 0; i < EventTable.Count; i++) Assert.Equal(i, EventTable.Get(i).Code);
        Assert.True(EventTable.Count > EventTable.LegacyEventMax);
    }

    [Fact]
    public void DirectionFollowsParity()
    {
        for (int i = 0; i < EventTable.LegacyEventMax; i++)
            Assert.Equal(i % 2 == 0, EventTable.Get(i).IsEnter);
    }

    [Fact]
    public void OpenExitHasTypedParams()
    {
        var open = EventTable.Get(3);
        Assert.Equal("open", open.Name);
        Assert.Equal(["fd", "name", "flags", "mode", "dev"], open.Parameters.Select(p => p.Name));
        Assert.Equal(ParamType.Fd, open.Parameters[0].Type);
        Assert.Same(SymbolTables.FileFlags, open.Parameters[2].Table);
        Assert.Equal(PrintFormat.Oct, open.Parameters[3].Format);
    }

    [Fact]
    public void LargePayloadOnlyForPluginAndContainerJson2()
    {
        var large = new List<int>();
        for (int i = 0; i < EventTable.LegacyEventMax; i++)
            if (EventTable.Get(i).HasLargePayload) large.Add(i);
        Assert.Equal([322, 324], large);
    }
}
