#include "projectsections.h"

#include "annotationmodel.h"
#include "annotations/annotationcontroller.h"
#include "export/exportcontroller.h"
#include "exportsettings.h"
#include "filters/rangefiltermenu.h"
#include "io/mappingmemory.h"
#include "load/columnmappingflow.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
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
    QObject::connect(&project, &ProjectController::dataOpened, &columns,
                     &ColumnMappingFlow::keepChosen);
    QObject::connect(&columns, &ColumnMappingFlow::projectMappingsChanged, &project, [&project] {
        if (!project.isApplying())
            project.markModified();
    });
}

void registerNumberSections(ProjectController &project, RangeFilterMenu &ranges, MapController &map)
{
    project.registerSection(
        QStringLiteral("numericRanges"),
        [&ranges] {
            const QJsonObject json = ranges.toJson();
            return json.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(json);
        },
        [&ranges](const QJsonValue &value, QString *error) {
            if (!value.isUndefined() && !value.isObject()) {
                *error = QStringLiteral("not an object");
                return false;
            }
            return ranges.setFromJson(value.toObject(), error);
        });
    project.registerSection(
        QStringLiteral("colorClasses"),
        [&map] {
            const ClassOptions &classes = map.options().colorClasses;
            return classes == ClassOptions() ? QJsonValue(QJsonValue::Undefined)
                                             : QJsonValue(classes.toJson());
        },
        [&map](const QJsonValue &value, QString *error) {
            if (!value.isUndefined() && !value.isObject()) {
                *error = QStringLiteral("not an object");
                return false;
            }
            const auto classes = ClassOptions::fromJson(value.toObject(), error);
            if (!classes)
                return false;
            RenderOptions options = map.options();
            options.colorClasses = *classes;
            map.setOptions(options);
            return true;
        });
}
