namespace Sharpdig.Events;

/// <summary>One typed parameter of an event in the schema.</summary>
/// <param name="Table">Flag/enum names for FLAGS*/MODE parameters, else null.</param>
/// <param name="DynamicTypes">Sub-types selected by the index byte of a DYN parameter, else null.</param>
/// <param name="DirFdIndex">For FSRELPATH: index of the parameter holding the directory fd (-1 otherwise).</param>
public sealed record ParamInfo(
    string Name,
    ParamType Type,
    PrintFormat Format,
    NameValueTable? Table,
    (ParamType Type, PrintFormat Format)[]? DynamicTypes,
    int DirFdIndex);
