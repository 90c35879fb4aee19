namespace Nst.Engine.Session.Options;

/// <summary>The kind of value an option takes; <see cref="OptionSpec.TypeName"/> spells it for JSON and help.</summary>
public enum OptionType
{
    /// <summary>A whole number (<c>int</c>).</summary>
    Int,

    /// <summary>A finite number (<c>float</c>).</summary>
    Float,

    /// <summary>Whole numbers separated by commas (<c>int-list</c>).</summary>
    IntList,

    /// <summary>Numbers separated by commas (<c>float-list</c>).</summary>
    FloatList,

    /// <summary>Names separated by commas (<c>name-list</c>), e.g. VGG19 layers.</summary>
    NameList,

    /// <summary>One of <see cref="OptionSpec.Allowed"/> (<c>enum</c>).</summary>
    Enum,

    /// <summary><c>true</c> or <c>false</c> (<c>bool</c>; also 1/0, yes/no, on/off).</summary>
    Bool,
}
