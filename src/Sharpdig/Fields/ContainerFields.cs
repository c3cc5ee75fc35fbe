using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>
/// The container.* fields. Events outside containers read as the "host" pseudo-container; for
/// containerized threads the id comes from the thread and the rest from the container metadata
/// hook when the engine provides one.
/// </summary>
internal sealed class ContainerFieldExtractor : FieldExtractor
{
    private readonly string _name;

    private ContainerFieldExtractor(FieldInfo info, string text) : base(info, text) => _name = info.Name;

    /// <summary>Metadata lookup: (container id, field name) to value, or null when unknown.</summary>
    public static Func<EventContext, string, string, string?>? Metadata { get; set; }

    public static bool TryCreate(FieldInfo info, string text, FieldArgument? arg, out FieldExtractor? x, out string error)
    {
        error = "";
        x = new ContainerFieldExtractor(info, text);
        return true;
    }

    public override bool Extract(EventContext ctx)
    {
        var t = ctx.Thread;
        if (t is null) return false;
        string id = t.ContainerId;
        if (string.IsNullOrEmpty(id) || id == "host")
        {
            return _name switch
            {
                "container.id" or "container.name" or "container.type" => SetText("host"),
                _ => false,
            };
        }
        if (_name == "container.id") return SetText(id);
        var v = Metadata?.Invoke(ctx, id, _name);
        return v is not null && (Type == FieldType.Bool ? SetBool(v == "true") : SetText(v));
    }
}
