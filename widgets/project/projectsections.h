#pragma once

class AnnotationController;
class ExportController;
class ProjectController;

// The parts of a project that other controllers own, plugged into the project through
// its section API: the annotations (an opened or new project replaces them, and their
// undo history starts afresh, so Undo never reaches into the previous project) and the
// export settings (a project without them gets the defaults). Both mark the project
// modified when they change.
void registerProjectSections(ProjectController &project, AnnotationController &annotations,
                             ExportController &exports);
