#pragma once

class AnnotationController;
class ColumnMappingFlow;
class ExportController;
class MapController;
class ProjectController;
class RangeFilterMenu;

// The parts of a project that other controllers own, plugged into the project through
// its section API: the annotations (an opened or new project replaces them, and their
// undo history starts afresh, so Undo never reaches into the previous project) and the
// export settings (a project without them gets the defaults). Both mark the project
// modified when they change.
void registerProjectSections(ProjectController &project, AnnotationController &annotations,
                             ExportController &exports);

// The column mappings chosen in the column-mapping dialog, by header ("columnMappings"),
// so that a file with the same header is read the same way in this project. A project
// without them starts with none; remembering one marks the project modified.
void registerColumnMappingSection(ProjectController &project, ColumnMappingFlow &columns);
// The numeric parts: the range filters ("numericRanges", RangeFilterMenu::toJson) and how
// a numeric colour-by is classed ("colorClasses", ClassOptions::toJson). A project without
// them has no ranges and the default classes (quantiles, 5). Changes are seen by the
// project's own checks (the filter's and the map options' change signals).
void registerNumberSections(ProjectController &project, RangeFilterMenu &ranges,
                            MapController &map);
