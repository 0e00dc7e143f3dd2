#include "projectsections.h"

#include "annotationmodel.h"
#include "annotations/annotationcontroller.h"
#include "export/exportcontroller.h"
#include "exportsettings.h"
#include "projectcontroller.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUndoStack>

void registerProjectSections(ProjectController &project, AnnotationController &annotations,
                             ExportController &exports)
{
    AnnotationModel *model = annotations.model();
    project.registerSection(
        QStringLiteral("annotations"), [model] { return QJsonValue(model->toJson()); },
        [model, &annotations](const QJsonValue &value, QString *error) {
            if (!model->fromJson(value.toArray(), error))
                return false;
            annotations.undoStack()->clear();
            return true;
        });
    QObject::connect(model, &AnnotationModel::changed, &project, [&project] {
        if (!project.isApplying())
            project.markModified();
    });

    project.registerSection(
        QStringLiteral("exportSettings"),
        [&exports] { return QJsonValue(exports.settings().toJson()); },
        [&exports](const QJsonValue &value, QString *error) {
            ExportSettings settings;
            if (!value.isUndefined()
                && !ExportSettings::fromJson(value.toObject(), &settings, error))
                return false;
            exports.setSettings(settings);
            return true;
        });
    QObject::connect(&exports, &ExportController::settingsChanged, &project, [&project] {
        if (!project.isApplying())
            project.markModified();
    });
}
