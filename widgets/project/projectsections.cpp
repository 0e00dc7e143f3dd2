#include "projectsections.h"

#include "annotationmodel.h"
#include "annotations/annotationcontroller.h"
#include "export/exportcontroller.h"
#include "exportsettings.h"
#include "io/mappingmemory.h"
#include "load/columnmappingflow.h"
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

void registerColumnMappingSection(ProjectController &project, ColumnMappingFlow &columns)
{
    project.registerSection(
        QStringLiteral("columnMappings"),
        [&columns] {
            // Absent rather than empty: projects without mappings stay as they were.
            return columns.projectMappings().isEmpty()
                ? QJsonValue(QJsonValue::Undefined)
                : QJsonValue(columns.projectMappings().toJson());
        },
        [&columns](const QJsonValue &value, QString *error) {
            MappingMemory mappings;
            if (!value.isUndefined() && !value.isNull()) {
                if (!value.isArray()) {
                    if (error)
                        *error = QStringLiteral("columnMappings must be a list");
                    return false;
                }
                if (!MappingMemory::fromJson(value.toArray(), &mappings, error))
                    return false;
            }
            columns.setProjectMappings(mappings);
            return true;
        });
    QObject::connect(&columns, &ColumnMappingFlow::projectMappingsChanged, &project, [&project] {
        if (!project.isApplying())
            project.markModified();
    });
}
