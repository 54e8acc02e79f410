// @ts-nocheck
// Generated from agent/config-schema.ts by agent/config-validators.test.ts (ajv standalone code): do not edit.
// Rewrite it with: TELEMATICS_WRITE_GENERATED=1 npx vitest run agent/config-validators.test.ts
"use strict";
export const validateAgentConfig = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"telematics agent configuration","type":"object","additionalProperties":false,"properties":{"serial":{"type":"string","minLength":1},"baud":{"enum":[4800,9600,19200,38400,57600,115200,230400,460800,921600,"auto"]},"gateway":{"type":"string","minLength":1},"vehicleId":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$","description":"1–64 of letters, digits, . _ : - (starting with a letter or digit)"},"token":{"type":"string","minLength":1},"tokenFile":{"type":"string","minLength":1},"caFile":{"type":"string","minLength":1},"speedZonesFile":{"type":"string","minLength":1},"db":{"type":"string","minLength":1},"statusFile":{"type":"string","minLength":1},"everyFix":{"type":"boolean"},"metricsPort":{"type":"integer","minimum":1,"maximum":65535},"plausibility":{"type":"object","additionalProperties":false,"properties":{"maxSpeed":{"type":"number","minimum":0,"default":41.666666666666664},"jumpToleranceM":{"type":"number","minimum":0,"default":50},"jumpResetAfterFixes":{"type":"integer","minimum":0,"default":5},"frozenMinMoveM":{"type":"number","minimum":0,"default":10},"frozenMinSpeed":{"type":"number","minimum":0,"default":1},"rejectZeroIsland":{"type":"boolean","default":true},"maxHdop":{"type":"number","minimum":0,"default":20},"minUSat":{"type":"integer","minimum":0,"default":3},"minTimeMs":{"type":"number","minimum":0,"default":946684800000},"staticBelowSpeed":{"type":"number","minimum":0,"default":0.5},"staticMaxDriftM":{"type":"number","minimum":0,"default":30}}},"driving":{"type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean","default":true},"harshAcceleration":{"type":"number","minimum":0,"default":1.4709975},"harshBraking":{"type":"number","minimum":0,"default":2.941995},"harshCornering":{"type":"number","minimum":0,"default":2.4516625},"maxAcceleration":{"type":"number","minimum":0,"default":9.80665},"harshMinDurationMs":{"type":"number","minimum":0,"default":1000},"windowMs":{"type":"number","default":500,"exclusiveMinimum":0},"corneringMinSpeed":{"type":"number","minimum":0,"default":5},"speedLimit":{"type":"number","minimum":0,"default":25},"vehicleClass":{"type":"string","default":"","enum":["","van","truck","bus"]},"speedLimitByClass":{"type":"object","additionalProperties":false,"properties":{"van":{"type":"number","minimum":0,"default":0},"truck":{"type":"number","minimum":0,"default":25},"bus":{"type":"number","minimum":0,"default":27.77777777777778}}},"speedingMinDurationMs":{"type":"number","minimum":0,"default":10000},"idleBelowSpeed":{"type":"number","minimum":0,"default":1},"idleMinDurationMs":{"type":"number","minimum":0,"default":300000},"endAfterMs":{"type":"number","minimum":0,"default":2000},"maxGapMs":{"type":"number","minimum":0,"default":5000},"trailSpanMs":{"type":"number","minimum":0,"default":10000},"trailPeriodMs":{"type":"number","default":1000,"exclusiveMinimum":0}}},"sampler":{"type":"object","additionalProperties":false,"properties":{"everyFix":{"type":"boolean","default":false},"moving":{"type":"object","additionalProperties":false,"properties":{"minPeriodMs":{"type":"number","minimum":0,"default":30000},"minDistanceM":{"type":"number","minimum":0,"default":200},"minHeadingChangeDeg":{"type":"number","minimum":0,"default":10},"minSpeedChangeMps":{"type":"number","minimum":0,"default":4.166666666666667}}},"stopped":{"type":"object","additionalProperties":false,"properties":{"minPeriodMs":{"type":"number","minimum":0,"default":300000},"minDistanceM":{"type":"number","minimum":0,"default":500},"minHeadingChangeDeg":{"type":"number","minimum":0,"default":0},"minSpeedChangeMps":{"type":"number","minimum":0,"default":0}}},"movingAboveMps":{"type":"number","minimum":0,"default":2.2},"movingAfterMs":{"type":"number","minimum":0,"default":2000},"stoppedBelowMps":{"type":"number","minimum":0,"default":1},"stoppedAfterMs":{"type":"number","minimum":0,"default":10000},"minHeadingSpeedMps":{"type":"number","minimum":0,"default":2.2}}},"buffer":{"type":"object","additionalProperties":false,"properties":{"commitIntervalMs":{"type":"number","minimum":0,"default":1000},"commitMaxRows":{"type":"integer","minimum":1,"default":200},"maxRows":{"type":"integer","minimum":1,"default":604800},"maxBytes":{"type":"integer","minimum":0,"default":134217728},"memoryQueueMaxRows":{"type":"integer","minimum":0,"default":36000},"maxPageCount":{"type":"integer","minimum":0,"default":0},"walSizeLimitBytes":{"type":"integer","minimum":0,"default":4194304}}},"uploader":{"type":"object","additionalProperties":false,"properties":{"batchMaxPositions":{"type":"integer","minimum":1,"default":500,"maximum":1000},"intervalMs":{"type":"number","default":5000,"exclusiveMinimum":0},"requestTimeoutMs":{"type":"number","default":15000,"exclusiveMinimum":0},"backoffInitialMs":{"type":"number","default":1000,"exclusiveMinimum":0},"backoffMaxMs":{"type":"number","default":300000,"exclusiveMinimum":0},"authBackoffMs":{"type":"number","default":600000,"exclusiveMinimum":0},"maxRetryAfterMs":{"type":"number","minimum":0,"default":900000},"encoding":{"type":"string","default":"binary","enum":["binary","json"]}}}}};
const func2 = Object.prototype.hasOwnProperty;
const pattern0 = new RegExp("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.serial !== undefined){
let data0 = data.serial;
if(typeof data0 === "string"){
if(data0.length < 1){
const err1 = {instancePath:instancePath+"/serial",schemaPath:"#/properties/serial/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.serial,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/serial",schemaPath:"#/properties/serial/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.serial.type,parentSchema:schema11.properties.serial,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.baud !== undefined){
let data1 = data.baud;
if(!((((((((((data1 === 4800) || (data1 === 9600)) || (data1 === 19200)) || (data1 === 38400)) || (data1 === 57600)) || (data1 === 115200)) || (data1 === 230400)) || (data1 === 460800)) || (data1 === 921600)) || (data1 === "auto"))){
const err3 = {instancePath:instancePath+"/baud",schemaPath:"#/properties/baud/enum",keyword:"enum",params:{allowedValues: schema11.properties.baud.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.baud.enum,parentSchema:schema11.properties.baud,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.gateway !== undefined){
let data2 = data.gateway;
if(typeof data2 === "string"){
if(data2.length < 1){
const err4 = {instancePath:instancePath+"/gateway",schemaPath:"#/properties/gateway/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.gateway,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/gateway",schemaPath:"#/properties/gateway/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.gateway.type,parentSchema:schema11.properties.gateway,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.vehicleId !== undefined){
let data3 = data.vehicleId;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err6 = {instancePath:instancePath+"/vehicleId",schemaPath:"#/properties/vehicleId/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$",parentSchema:schema11.properties.vehicleId,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/vehicleId",schemaPath:"#/properties/vehicleId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.vehicleId.type,parentSchema:schema11.properties.vehicleId,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.token !== undefined){
let data4 = data.token;
if(typeof data4 === "string"){
if(data4.length < 1){
const err8 = {instancePath:instancePath+"/token",schemaPath:"#/properties/token/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.token,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/token",schemaPath:"#/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.token.type,parentSchema:schema11.properties.token,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.tokenFile !== undefined){
let data5 = data.tokenFile;
if(typeof data5 === "string"){
if(data5.length < 1){
const err10 = {instancePath:instancePath+"/tokenFile",schemaPath:"#/properties/tokenFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.tokenFile,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/tokenFile",schemaPath:"#/properties/tokenFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tokenFile.type,parentSchema:schema11.properties.tokenFile,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.caFile !== undefined){
let data6 = data.caFile;
if(typeof data6 === "string"){
if(data6.length < 1){
const err12 = {instancePath:instancePath+"/caFile",schemaPath:"#/properties/caFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.caFile,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/caFile",schemaPath:"#/properties/caFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.caFile.type,parentSchema:schema11.properties.caFile,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.speedZonesFile !== undefined){
let data7 = data.speedZonesFile;
if(typeof data7 === "string"){
if(data7.length < 1){
const err14 = {instancePath:instancePath+"/speedZonesFile",schemaPath:"#/properties/speedZonesFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.speedZonesFile,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/speedZonesFile",schemaPath:"#/properties/speedZonesFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.speedZonesFile.type,parentSchema:schema11.properties.speedZonesFile,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.db !== undefined){
let data8 = data.db;
if(typeof data8 === "string"){
if(data8.length < 1){
const err16 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.db,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.db.type,parentSchema:schema11.properties.db,data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.statusFile !== undefined){
let data9 = data.statusFile;
if(typeof data9 === "string"){
if(data9.length < 1){
const err18 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.statusFile,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.statusFile.type,parentSchema:schema11.properties.statusFile,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.everyFix !== undefined){
let data10 = data.everyFix;
if(typeof data10 !== "boolean"){
const err20 = {instancePath:instancePath+"/everyFix",schemaPath:"#/properties/everyFix/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.everyFix.type,parentSchema:schema11.properties.everyFix,data:data10};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.metricsPort !== undefined){
let data11 = data.metricsPort;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err21 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.metricsPort.type,parentSchema:schema11.properties.metricsPort,data:data11};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 65535 || isNaN(data11)){
const err22 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema11.properties.metricsPort,data:data11};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data11 < 1 || isNaN(data11)){
const err23 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.metricsPort,data:data11};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
if(data.plausibility !== undefined){
let data12 = data.plausibility;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
for(const key1 in data12){
if(!(func2.call(schema11.properties.plausibility.properties, key1))){
const err24 = {instancePath:instancePath+"/plausibility",schemaPath:"#/properties/plausibility/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.plausibility,data:data12};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data12.maxSpeed !== undefined){
let data13 = data12.maxSpeed;
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 < 0 || isNaN(data13)){
const err25 = {instancePath:instancePath+"/plausibility/maxSpeed",schemaPath:"#/properties/plausibility/properties/maxSpeed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.maxSpeed,data:data13};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/plausibility/maxSpeed",schemaPath:"#/properties/plausibility/properties/maxSpeed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.maxSpeed.type,parentSchema:schema11.properties.plausibility.properties.maxSpeed,data:data13};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data12.jumpToleranceM !== undefined){
let data14 = data12.jumpToleranceM;
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 < 0 || isNaN(data14)){
const err27 = {instancePath:instancePath+"/plausibility/jumpToleranceM",schemaPath:"#/properties/plausibility/properties/jumpToleranceM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.jumpToleranceM,data:data14};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/plausibility/jumpToleranceM",schemaPath:"#/properties/plausibility/properties/jumpToleranceM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.jumpToleranceM.type,parentSchema:schema11.properties.plausibility.properties.jumpToleranceM,data:data14};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data12.jumpResetAfterFixes !== undefined){
let data15 = data12.jumpResetAfterFixes;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
const err29 = {instancePath:instancePath+"/plausibility/jumpResetAfterFixes",schemaPath:"#/properties/plausibility/properties/jumpResetAfterFixes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.plausibility.properties.jumpResetAfterFixes.type,parentSchema:schema11.properties.plausibility.properties.jumpResetAfterFixes,data:data15};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 < 0 || isNaN(data15)){
const err30 = {instancePath:instancePath+"/plausibility/jumpResetAfterFixes",schemaPath:"#/properties/plausibility/properties/jumpResetAfterFixes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.jumpResetAfterFixes,data:data15};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
if(data12.frozenMinMoveM !== undefined){
let data16 = data12.frozenMinMoveM;
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 < 0 || isNaN(data16)){
const err31 = {instancePath:instancePath+"/plausibility/frozenMinMoveM",schemaPath:"#/properties/plausibility/properties/frozenMinMoveM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.frozenMinMoveM,data:data16};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/plausibility/frozenMinMoveM",schemaPath:"#/properties/plausibility/properties/frozenMinMoveM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.frozenMinMoveM.type,parentSchema:schema11.properties.plausibility.properties.frozenMinMoveM,data:data16};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data12.frozenMinSpeed !== undefined){
let data17 = data12.frozenMinSpeed;
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 < 0 || isNaN(data17)){
const err33 = {instancePath:instancePath+"/plausibility/frozenMinSpeed",schemaPath:"#/properties/plausibility/properties/frozenMinSpeed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.frozenMinSpeed,data:data17};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/plausibility/frozenMinSpeed",schemaPath:"#/properties/plausibility/properties/frozenMinSpeed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.frozenMinSpeed.type,parentSchema:schema11.properties.plausibility.properties.frozenMinSpeed,data:data17};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data12.rejectZeroIsland !== undefined){
let data18 = data12.rejectZeroIsland;
if(typeof data18 !== "boolean"){
const err35 = {instancePath:instancePath+"/plausibility/rejectZeroIsland",schemaPath:"#/properties/plausibility/properties/rejectZeroIsland/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.plausibility.properties.rejectZeroIsland.type,parentSchema:schema11.properties.plausibility.properties.rejectZeroIsland,data:data18};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data12.maxHdop !== undefined){
let data19 = data12.maxHdop;
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 < 0 || isNaN(data19)){
const err36 = {instancePath:instancePath+"/plausibility/maxHdop",schemaPath:"#/properties/plausibility/properties/maxHdop/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.maxHdop,data:data19};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/plausibility/maxHdop",schemaPath:"#/properties/plausibility/properties/maxHdop/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.maxHdop.type,parentSchema:schema11.properties.plausibility.properties.maxHdop,data:data19};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data12.minUSat !== undefined){
let data20 = data12.minUSat;
if(!(((typeof data20 == "number") && (!(data20 % 1) && !isNaN(data20))) && (isFinite(data20)))){
const err38 = {instancePath:instancePath+"/plausibility/minUSat",schemaPath:"#/properties/plausibility/properties/minUSat/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.plausibility.properties.minUSat.type,parentSchema:schema11.properties.plausibility.properties.minUSat,data:data20};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 < 0 || isNaN(data20)){
const err39 = {instancePath:instancePath+"/plausibility/minUSat",schemaPath:"#/properties/plausibility/properties/minUSat/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.minUSat,data:data20};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
}
if(data12.minTimeMs !== undefined){
let data21 = data12.minTimeMs;
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 < 0 || isNaN(data21)){
const err40 = {instancePath:instancePath+"/plausibility/minTimeMs",schemaPath:"#/properties/plausibility/properties/minTimeMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.minTimeMs,data:data21};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/plausibility/minTimeMs",schemaPath:"#/properties/plausibility/properties/minTimeMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.minTimeMs.type,parentSchema:schema11.properties.plausibility.properties.minTimeMs,data:data21};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data12.staticBelowSpeed !== undefined){
let data22 = data12.staticBelowSpeed;
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 < 0 || isNaN(data22)){
const err42 = {instancePath:instancePath+"/plausibility/staticBelowSpeed",schemaPath:"#/properties/plausibility/properties/staticBelowSpeed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.staticBelowSpeed,data:data22};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/plausibility/staticBelowSpeed",schemaPath:"#/properties/plausibility/properties/staticBelowSpeed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.staticBelowSpeed.type,parentSchema:schema11.properties.plausibility.properties.staticBelowSpeed,data:data22};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data12.staticMaxDriftM !== undefined){
let data23 = data12.staticMaxDriftM;
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 < 0 || isNaN(data23)){
const err44 = {instancePath:instancePath+"/plausibility/staticMaxDriftM",schemaPath:"#/properties/plausibility/properties/staticMaxDriftM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.staticMaxDriftM,data:data23};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/plausibility/staticMaxDriftM",schemaPath:"#/properties/plausibility/properties/staticMaxDriftM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.staticMaxDriftM.type,parentSchema:schema11.properties.plausibility.properties.staticMaxDriftM,data:data23};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
else {
const err46 = {instancePath:instancePath+"/plausibility",schemaPath:"#/properties/plausibility/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.plausibility.type,parentSchema:schema11.properties.plausibility,data:data12};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data.driving !== undefined){
let data24 = data.driving;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
for(const key2 in data24){
if(!(func2.call(schema11.properties.driving.properties, key2))){
const err47 = {instancePath:instancePath+"/driving",schemaPath:"#/properties/driving/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.driving,data:data24};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data24.enabled !== undefined){
let data25 = data24.enabled;
if(typeof data25 !== "boolean"){
const err48 = {instancePath:instancePath+"/driving/enabled",schemaPath:"#/properties/driving/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.driving.properties.enabled.type,parentSchema:schema11.properties.driving.properties.enabled,data:data25};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data24.harshAcceleration !== undefined){
let data26 = data24.harshAcceleration;
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 < 0 || isNaN(data26)){
const err49 = {instancePath:instancePath+"/driving/harshAcceleration",schemaPath:"#/properties/driving/properties/harshAcceleration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.harshAcceleration,data:data26};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/driving/harshAcceleration",schemaPath:"#/properties/driving/properties/harshAcceleration/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.harshAcceleration.type,parentSchema:schema11.properties.driving.properties.harshAcceleration,data:data26};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data24.harshBraking !== undefined){
let data27 = data24.harshBraking;
if((typeof data27 == "number") && (isFinite(data27))){
if(data27 < 0 || isNaN(data27)){
const err51 = {instancePath:instancePath+"/driving/harshBraking",schemaPath:"#/properties/driving/properties/harshBraking/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.harshBraking,data:data27};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
else {
const err52 = {instancePath:instancePath+"/driving/harshBraking",schemaPath:"#/properties/driving/properties/harshBraking/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.harshBraking.type,parentSchema:schema11.properties.driving.properties.harshBraking,data:data27};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data24.harshCornering !== undefined){
let data28 = data24.harshCornering;
if((typeof data28 == "number") && (isFinite(data28))){
if(data28 < 0 || isNaN(data28)){
const err53 = {instancePath:instancePath+"/driving/harshCornering",schemaPath:"#/properties/driving/properties/harshCornering/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.harshCornering,data:data28};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
else {
const err54 = {instancePath:instancePath+"/driving/harshCornering",schemaPath:"#/properties/driving/properties/harshCornering/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.harshCornering.type,parentSchema:schema11.properties.driving.properties.harshCornering,data:data28};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data24.maxAcceleration !== undefined){
let data29 = data24.maxAcceleration;
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 < 0 || isNaN(data29)){
const err55 = {instancePath:instancePath+"/driving/maxAcceleration",schemaPath:"#/properties/driving/properties/maxAcceleration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.maxAcceleration,data:data29};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/driving/maxAcceleration",schemaPath:"#/properties/driving/properties/maxAcceleration/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.maxAcceleration.type,parentSchema:schema11.properties.driving.properties.maxAcceleration,data:data29};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data24.harshMinDurationMs !== undefined){
let data30 = data24.harshMinDurationMs;
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 < 0 || isNaN(data30)){
const err57 = {instancePath:instancePath+"/driving/harshMinDurationMs",schemaPath:"#/properties/driving/properties/harshMinDurationMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.harshMinDurationMs,data:data30};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/driving/harshMinDurationMs",schemaPath:"#/properties/driving/properties/harshMinDurationMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.harshMinDurationMs.type,parentSchema:schema11.properties.driving.properties.harshMinDurationMs,data:data30};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data24.windowMs !== undefined){
let data31 = data24.windowMs;
if((typeof data31 == "number") && (isFinite(data31))){
if(data31 <= 0 || isNaN(data31)){
const err59 = {instancePath:instancePath+"/driving/windowMs",schemaPath:"#/properties/driving/properties/windowMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.driving.properties.windowMs,data:data31};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
else {
const err60 = {instancePath:instancePath+"/driving/windowMs",schemaPath:"#/properties/driving/properties/windowMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.windowMs.type,parentSchema:schema11.properties.driving.properties.windowMs,data:data31};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data24.corneringMinSpeed !== undefined){
let data32 = data24.corneringMinSpeed;
if((typeof data32 == "number") && (isFinite(data32))){
if(data32 < 0 || isNaN(data32)){
const err61 = {instancePath:instancePath+"/driving/corneringMinSpeed",schemaPath:"#/properties/driving/properties/corneringMinSpeed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.corneringMinSpeed,data:data32};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
else {
const err62 = {instancePath:instancePath+"/driving/corneringMinSpeed",schemaPath:"#/properties/driving/properties/corneringMinSpeed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.corneringMinSpeed.type,parentSchema:schema11.properties.driving.properties.corneringMinSpeed,data:data32};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data24.speedLimit !== undefined){
let data33 = data24.speedLimit;
if((typeof data33 == "number") && (isFinite(data33))){
if(data33 < 0 || isNaN(data33)){
const err63 = {instancePath:instancePath+"/driving/speedLimit",schemaPath:"#/properties/driving/properties/speedLimit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.speedLimit,data:data33};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
else {
const err64 = {instancePath:instancePath+"/driving/speedLimit",schemaPath:"#/properties/driving/properties/speedLimit/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.speedLimit.type,parentSchema:schema11.properties.driving.properties.speedLimit,data:data33};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data24.vehicleClass !== undefined){
let data34 = data24.vehicleClass;
if(typeof data34 !== "string"){
const err65 = {instancePath:instancePath+"/driving/vehicleClass",schemaPath:"#/properties/driving/properties/vehicleClass/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.driving.properties.vehicleClass.type,parentSchema:schema11.properties.driving.properties.vehicleClass,data:data34};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(!((((data34 === "") || (data34 === "van")) || (data34 === "truck")) || (data34 === "bus"))){
const err66 = {instancePath:instancePath+"/driving/vehicleClass",schemaPath:"#/properties/driving/properties/vehicleClass/enum",keyword:"enum",params:{allowedValues: schema11.properties.driving.properties.vehicleClass.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.driving.properties.vehicleClass.enum,parentSchema:schema11.properties.driving.properties.vehicleClass,data:data34};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data24.speedLimitByClass !== undefined){
let data35 = data24.speedLimitByClass;
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
for(const key3 in data35){
if(!(((key3 === "van") || (key3 === "truck")) || (key3 === "bus"))){
const err67 = {instancePath:instancePath+"/driving/speedLimitByClass",schemaPath:"#/properties/driving/properties/speedLimitByClass/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.driving.properties.speedLimitByClass,data:data35};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data35.van !== undefined){
let data36 = data35.van;
if((typeof data36 == "number") && (isFinite(data36))){
if(data36 < 0 || isNaN(data36)){
const err68 = {instancePath:instancePath+"/driving/speedLimitByClass/van",schemaPath:"#/properties/driving/properties/speedLimitByClass/properties/van/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.speedLimitByClass.properties.van,data:data36};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
else {
const err69 = {instancePath:instancePath+"/driving/speedLimitByClass/van",schemaPath:"#/properties/driving/properties/speedLimitByClass/properties/van/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.speedLimitByClass.properties.van.type,parentSchema:schema11.properties.driving.properties.speedLimitByClass.properties.van,data:data36};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data35.truck !== undefined){
let data37 = data35.truck;
if((typeof data37 == "number") && (isFinite(data37))){
if(data37 < 0 || isNaN(data37)){
const err70 = {instancePath:instancePath+"/driving/speedLimitByClass/truck",schemaPath:"#/properties/driving/properties/speedLimitByClass/properties/truck/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.speedLimitByClass.properties.truck,data:data37};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
else {
const err71 = {instancePath:instancePath+"/driving/speedLimitByClass/truck",schemaPath:"#/properties/driving/properties/speedLimitByClass/properties/truck/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.speedLimitByClass.properties.truck.type,parentSchema:schema11.properties.driving.properties.speedLimitByClass.properties.truck,data:data37};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data35.bus !== undefined){
let data38 = data35.bus;
if((typeof data38 == "number") && (isFinite(data38))){
if(data38 < 0 || isNaN(data38)){
const err72 = {instancePath:instancePath+"/driving/speedLimitByClass/bus",schemaPath:"#/properties/driving/properties/speedLimitByClass/properties/bus/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.speedLimitByClass.properties.bus,data:data38};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
else {
const err73 = {instancePath:instancePath+"/driving/speedLimitByClass/bus",schemaPath:"#/properties/driving/properties/speedLimitByClass/properties/bus/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.speedLimitByClass.properties.bus.type,parentSchema:schema11.properties.driving.properties.speedLimitByClass.properties.bus,data:data38};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
else {
const err74 = {instancePath:instancePath+"/driving/speedLimitByClass",schemaPath:"#/properties/driving/properties/speedLimitByClass/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.driving.properties.speedLimitByClass.type,parentSchema:schema11.properties.driving.properties.speedLimitByClass,data:data35};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data24.speedingMinDurationMs !== undefined){
let data39 = data24.speedingMinDurationMs;
if((typeof data39 == "number") && (isFinite(data39))){
if(data39 < 0 || isNaN(data39)){
const err75 = {instancePath:instancePath+"/driving/speedingMinDurationMs",schemaPath:"#/properties/driving/properties/speedingMinDurationMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.speedingMinDurationMs,data:data39};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
else {
const err76 = {instancePath:instancePath+"/driving/speedingMinDurationMs",schemaPath:"#/properties/driving/properties/speedingMinDurationMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.speedingMinDurationMs.type,parentSchema:schema11.properties.driving.properties.speedingMinDurationMs,data:data39};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data24.idleBelowSpeed !== undefined){
let data40 = data24.idleBelowSpeed;
if((typeof data40 == "number") && (isFinite(data40))){
if(data40 < 0 || isNaN(data40)){
const err77 = {instancePath:instancePath+"/driving/idleBelowSpeed",schemaPath:"#/properties/driving/properties/idleBelowSpeed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.idleBelowSpeed,data:data40};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
else {
const err78 = {instancePath:instancePath+"/driving/idleBelowSpeed",schemaPath:"#/properties/driving/properties/idleBelowSpeed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.idleBelowSpeed.type,parentSchema:schema11.properties.driving.properties.idleBelowSpeed,data:data40};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data24.idleMinDurationMs !== undefined){
let data41 = data24.idleMinDurationMs;
if((typeof data41 == "number") && (isFinite(data41))){
if(data41 < 0 || isNaN(data41)){
const err79 = {instancePath:instancePath+"/driving/idleMinDurationMs",schemaPath:"#/properties/driving/properties/idleMinDurationMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.idleMinDurationMs,data:data41};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
else {
const err80 = {instancePath:instancePath+"/driving/idleMinDurationMs",schemaPath:"#/properties/driving/properties/idleMinDurationMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.idleMinDurationMs.type,parentSchema:schema11.properties.driving.properties.idleMinDurationMs,data:data41};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data24.endAfterMs !== undefined){
let data42 = data24.endAfterMs;
if((typeof data42 == "number") && (isFinite(data42))){
if(data42 < 0 || isNaN(data42)){
const err81 = {instancePath:instancePath+"/driving/endAfterMs",schemaPath:"#/properties/driving/properties/endAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.endAfterMs,data:data42};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
else {
const err82 = {instancePath:instancePath+"/driving/endAfterMs",schemaPath:"#/properties/driving/properties/endAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.endAfterMs.type,parentSchema:schema11.properties.driving.properties.endAfterMs,data:data42};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data24.maxGapMs !== undefined){
let data43 = data24.maxGapMs;
if((typeof data43 == "number") && (isFinite(data43))){
if(data43 < 0 || isNaN(data43)){
const err83 = {instancePath:instancePath+"/driving/maxGapMs",schemaPath:"#/properties/driving/properties/maxGapMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.maxGapMs,data:data43};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
else {
const err84 = {instancePath:instancePath+"/driving/maxGapMs",schemaPath:"#/properties/driving/properties/maxGapMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.maxGapMs.type,parentSchema:schema11.properties.driving.properties.maxGapMs,data:data43};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data24.trailSpanMs !== undefined){
let data44 = data24.trailSpanMs;
if((typeof data44 == "number") && (isFinite(data44))){
if(data44 < 0 || isNaN(data44)){
const err85 = {instancePath:instancePath+"/driving/trailSpanMs",schemaPath:"#/properties/driving/properties/trailSpanMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.driving.properties.trailSpanMs,data:data44};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
else {
const err86 = {instancePath:instancePath+"/driving/trailSpanMs",schemaPath:"#/properties/driving/properties/trailSpanMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.trailSpanMs.type,parentSchema:schema11.properties.driving.properties.trailSpanMs,data:data44};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(data24.trailPeriodMs !== undefined){
let data45 = data24.trailPeriodMs;
if((typeof data45 == "number") && (isFinite(data45))){
if(data45 <= 0 || isNaN(data45)){
const err87 = {instancePath:instancePath+"/driving/trailPeriodMs",schemaPath:"#/properties/driving/properties/trailPeriodMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.driving.properties.trailPeriodMs,data:data45};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
else {
const err88 = {instancePath:instancePath+"/driving/trailPeriodMs",schemaPath:"#/properties/driving/properties/trailPeriodMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.driving.properties.trailPeriodMs.type,parentSchema:schema11.properties.driving.properties.trailPeriodMs,data:data45};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
}
else {
const err89 = {instancePath:instancePath+"/driving",schemaPath:"#/properties/driving/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.driving.type,parentSchema:schema11.properties.driving,data:data24};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data.sampler !== undefined){
let data46 = data.sampler;
if(data46 && typeof data46 == "object" && !Array.isArray(data46)){
for(const key4 in data46){
if(!((((((((key4 === "everyFix") || (key4 === "moving")) || (key4 === "stopped")) || (key4 === "movingAboveMps")) || (key4 === "movingAfterMs")) || (key4 === "stoppedBelowMps")) || (key4 === "stoppedAfterMs")) || (key4 === "minHeadingSpeedMps"))){
const err90 = {instancePath:instancePath+"/sampler",schemaPath:"#/properties/sampler/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler,data:data46};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data46.everyFix !== undefined){
let data47 = data46.everyFix;
if(typeof data47 !== "boolean"){
const err91 = {instancePath:instancePath+"/sampler/everyFix",schemaPath:"#/properties/sampler/properties/everyFix/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.sampler.properties.everyFix.type,parentSchema:schema11.properties.sampler.properties.everyFix,data:data47};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
if(data46.moving !== undefined){
let data48 = data46.moving;
if(data48 && typeof data48 == "object" && !Array.isArray(data48)){
for(const key5 in data48){
if(!((((key5 === "minPeriodMs") || (key5 === "minDistanceM")) || (key5 === "minHeadingChangeDeg")) || (key5 === "minSpeedChangeMps"))){
const err92 = {instancePath:instancePath+"/sampler/moving",schemaPath:"#/properties/sampler/properties/moving/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler.properties.moving,data:data48};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data48.minPeriodMs !== undefined){
let data49 = data48.minPeriodMs;
if((typeof data49 == "number") && (isFinite(data49))){
if(data49 < 0 || isNaN(data49)){
const err93 = {instancePath:instancePath+"/sampler/moving/minPeriodMs",schemaPath:"#/properties/sampler/properties/moving/properties/minPeriodMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minPeriodMs,data:data49};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
else {
const err94 = {instancePath:instancePath+"/sampler/moving/minPeriodMs",schemaPath:"#/properties/sampler/properties/moving/properties/minPeriodMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minPeriodMs.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minPeriodMs,data:data49};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data48.minDistanceM !== undefined){
let data50 = data48.minDistanceM;
if((typeof data50 == "number") && (isFinite(data50))){
if(data50 < 0 || isNaN(data50)){
const err95 = {instancePath:instancePath+"/sampler/moving/minDistanceM",schemaPath:"#/properties/sampler/properties/moving/properties/minDistanceM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minDistanceM,data:data50};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
else {
const err96 = {instancePath:instancePath+"/sampler/moving/minDistanceM",schemaPath:"#/properties/sampler/properties/moving/properties/minDistanceM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minDistanceM.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minDistanceM,data:data50};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data48.minHeadingChangeDeg !== undefined){
let data51 = data48.minHeadingChangeDeg;
if((typeof data51 == "number") && (isFinite(data51))){
if(data51 < 0 || isNaN(data51)){
const err97 = {instancePath:instancePath+"/sampler/moving/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/moving/properties/minHeadingChangeDeg/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg,data:data51};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
else {
const err98 = {instancePath:instancePath+"/sampler/moving/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/moving/properties/minHeadingChangeDeg/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg,data:data51};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data48.minSpeedChangeMps !== undefined){
let data52 = data48.minSpeedChangeMps;
if((typeof data52 == "number") && (isFinite(data52))){
if(data52 < 0 || isNaN(data52)){
const err99 = {instancePath:instancePath+"/sampler/moving/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/moving/properties/minSpeedChangeMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps,data:data52};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
else {
const err100 = {instancePath:instancePath+"/sampler/moving/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/moving/properties/minSpeedChangeMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps,data:data52};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
}
else {
const err101 = {instancePath:instancePath+"/sampler/moving",schemaPath:"#/properties/sampler/properties/moving/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.properties.moving.type,parentSchema:schema11.properties.sampler.properties.moving,data:data48};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
if(data46.stopped !== undefined){
let data53 = data46.stopped;
if(data53 && typeof data53 == "object" && !Array.isArray(data53)){
for(const key6 in data53){
if(!((((key6 === "minPeriodMs") || (key6 === "minDistanceM")) || (key6 === "minHeadingChangeDeg")) || (key6 === "minSpeedChangeMps"))){
const err102 = {instancePath:instancePath+"/sampler/stopped",schemaPath:"#/properties/sampler/properties/stopped/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler.properties.stopped,data:data53};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data53.minPeriodMs !== undefined){
let data54 = data53.minPeriodMs;
if((typeof data54 == "number") && (isFinite(data54))){
if(data54 < 0 || isNaN(data54)){
const err103 = {instancePath:instancePath+"/sampler/stopped/minPeriodMs",schemaPath:"#/properties/sampler/properties/stopped/properties/minPeriodMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs,data:data54};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
else {
const err104 = {instancePath:instancePath+"/sampler/stopped/minPeriodMs",schemaPath:"#/properties/sampler/properties/stopped/properties/minPeriodMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs,data:data54};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
if(data53.minDistanceM !== undefined){
let data55 = data53.minDistanceM;
if((typeof data55 == "number") && (isFinite(data55))){
if(data55 < 0 || isNaN(data55)){
const err105 = {instancePath:instancePath+"/sampler/stopped/minDistanceM",schemaPath:"#/properties/sampler/properties/stopped/properties/minDistanceM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minDistanceM,data:data55};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
else {
const err106 = {instancePath:instancePath+"/sampler/stopped/minDistanceM",schemaPath:"#/properties/sampler/properties/stopped/properties/minDistanceM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minDistanceM.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minDistanceM,data:data55};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
if(data53.minHeadingChangeDeg !== undefined){
let data56 = data53.minHeadingChangeDeg;
if((typeof data56 == "number") && (isFinite(data56))){
if(data56 < 0 || isNaN(data56)){
const err107 = {instancePath:instancePath+"/sampler/stopped/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/stopped/properties/minHeadingChangeDeg/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg,data:data56};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
else {
const err108 = {instancePath:instancePath+"/sampler/stopped/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/stopped/properties/minHeadingChangeDeg/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg,data:data56};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
if(data53.minSpeedChangeMps !== undefined){
let data57 = data53.minSpeedChangeMps;
if((typeof data57 == "number") && (isFinite(data57))){
if(data57 < 0 || isNaN(data57)){
const err109 = {instancePath:instancePath+"/sampler/stopped/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/stopped/properties/minSpeedChangeMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps,data:data57};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
else {
const err110 = {instancePath:instancePath+"/sampler/stopped/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/stopped/properties/minSpeedChangeMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps,data:data57};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
}
else {
const err111 = {instancePath:instancePath+"/sampler/stopped",schemaPath:"#/properties/sampler/properties/stopped/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.properties.stopped.type,parentSchema:schema11.properties.sampler.properties.stopped,data:data53};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
if(data46.movingAboveMps !== undefined){
let data58 = data46.movingAboveMps;
if((typeof data58 == "number") && (isFinite(data58))){
if(data58 < 0 || isNaN(data58)){
const err112 = {instancePath:instancePath+"/sampler/movingAboveMps",schemaPath:"#/properties/sampler/properties/movingAboveMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.movingAboveMps,data:data58};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
else {
const err113 = {instancePath:instancePath+"/sampler/movingAboveMps",schemaPath:"#/properties/sampler/properties/movingAboveMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.movingAboveMps.type,parentSchema:schema11.properties.sampler.properties.movingAboveMps,data:data58};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
if(data46.movingAfterMs !== undefined){
let data59 = data46.movingAfterMs;
if((typeof data59 == "number") && (isFinite(data59))){
if(data59 < 0 || isNaN(data59)){
const err114 = {instancePath:instancePath+"/sampler/movingAfterMs",schemaPath:"#/properties/sampler/properties/movingAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.movingAfterMs,data:data59};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
else {
const err115 = {instancePath:instancePath+"/sampler/movingAfterMs",schemaPath:"#/properties/sampler/properties/movingAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.movingAfterMs.type,parentSchema:schema11.properties.sampler.properties.movingAfterMs,data:data59};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
if(data46.stoppedBelowMps !== undefined){
let data60 = data46.stoppedBelowMps;
if((typeof data60 == "number") && (isFinite(data60))){
if(data60 < 0 || isNaN(data60)){
const err116 = {instancePath:instancePath+"/sampler/stoppedBelowMps",schemaPath:"#/properties/sampler/properties/stoppedBelowMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stoppedBelowMps,data:data60};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
else {
const err117 = {instancePath:instancePath+"/sampler/stoppedBelowMps",schemaPath:"#/properties/sampler/properties/stoppedBelowMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stoppedBelowMps.type,parentSchema:schema11.properties.sampler.properties.stoppedBelowMps,data:data60};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
if(data46.stoppedAfterMs !== undefined){
let data61 = data46.stoppedAfterMs;
if((typeof data61 == "number") && (isFinite(data61))){
if(data61 < 0 || isNaN(data61)){
const err118 = {instancePath:instancePath+"/sampler/stoppedAfterMs",schemaPath:"#/properties/sampler/properties/stoppedAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stoppedAfterMs,data:data61};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
else {
const err119 = {instancePath:instancePath+"/sampler/stoppedAfterMs",schemaPath:"#/properties/sampler/properties/stoppedAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stoppedAfterMs.type,parentSchema:schema11.properties.sampler.properties.stoppedAfterMs,data:data61};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
if(data46.minHeadingSpeedMps !== undefined){
let data62 = data46.minHeadingSpeedMps;
if((typeof data62 == "number") && (isFinite(data62))){
if(data62 < 0 || isNaN(data62)){
const err120 = {instancePath:instancePath+"/sampler/minHeadingSpeedMps",schemaPath:"#/properties/sampler/properties/minHeadingSpeedMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.minHeadingSpeedMps,data:data62};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
else {
const err121 = {instancePath:instancePath+"/sampler/minHeadingSpeedMps",schemaPath:"#/properties/sampler/properties/minHeadingSpeedMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.minHeadingSpeedMps.type,parentSchema:schema11.properties.sampler.properties.minHeadingSpeedMps,data:data62};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
}
else {
const err122 = {instancePath:instancePath+"/sampler",schemaPath:"#/properties/sampler/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.type,parentSchema:schema11.properties.sampler,data:data46};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
if(data.buffer !== undefined){
let data63 = data.buffer;
if(data63 && typeof data63 == "object" && !Array.isArray(data63)){
for(const key7 in data63){
if(!(((((((key7 === "commitIntervalMs") || (key7 === "commitMaxRows")) || (key7 === "maxRows")) || (key7 === "maxBytes")) || (key7 === "memoryQueueMaxRows")) || (key7 === "maxPageCount")) || (key7 === "walSizeLimitBytes"))){
const err123 = {instancePath:instancePath+"/buffer",schemaPath:"#/properties/buffer/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.buffer,data:data63};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
if(data63.commitIntervalMs !== undefined){
let data64 = data63.commitIntervalMs;
if((typeof data64 == "number") && (isFinite(data64))){
if(data64 < 0 || isNaN(data64)){
const err124 = {instancePath:instancePath+"/buffer/commitIntervalMs",schemaPath:"#/properties/buffer/properties/commitIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.commitIntervalMs,data:data64};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
else {
const err125 = {instancePath:instancePath+"/buffer/commitIntervalMs",schemaPath:"#/properties/buffer/properties/commitIntervalMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.buffer.properties.commitIntervalMs.type,parentSchema:schema11.properties.buffer.properties.commitIntervalMs,data:data64};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
if(data63.commitMaxRows !== undefined){
let data65 = data63.commitMaxRows;
if(!(((typeof data65 == "number") && (!(data65 % 1) && !isNaN(data65))) && (isFinite(data65)))){
const err126 = {instancePath:instancePath+"/buffer/commitMaxRows",schemaPath:"#/properties/buffer/properties/commitMaxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.commitMaxRows.type,parentSchema:schema11.properties.buffer.properties.commitMaxRows,data:data65};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
if((typeof data65 == "number") && (isFinite(data65))){
if(data65 < 1 || isNaN(data65)){
const err127 = {instancePath:instancePath+"/buffer/commitMaxRows",schemaPath:"#/properties/buffer/properties/commitMaxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.buffer.properties.commitMaxRows,data:data65};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
}
if(data63.maxRows !== undefined){
let data66 = data63.maxRows;
if(!(((typeof data66 == "number") && (!(data66 % 1) && !isNaN(data66))) && (isFinite(data66)))){
const err128 = {instancePath:instancePath+"/buffer/maxRows",schemaPath:"#/properties/buffer/properties/maxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxRows.type,parentSchema:schema11.properties.buffer.properties.maxRows,data:data66};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
if((typeof data66 == "number") && (isFinite(data66))){
if(data66 < 1 || isNaN(data66)){
const err129 = {instancePath:instancePath+"/buffer/maxRows",schemaPath:"#/properties/buffer/properties/maxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.buffer.properties.maxRows,data:data66};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
}
if(data63.maxBytes !== undefined){
let data67 = data63.maxBytes;
if(!(((typeof data67 == "number") && (!(data67 % 1) && !isNaN(data67))) && (isFinite(data67)))){
const err130 = {instancePath:instancePath+"/buffer/maxBytes",schemaPath:"#/properties/buffer/properties/maxBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxBytes.type,parentSchema:schema11.properties.buffer.properties.maxBytes,data:data67};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
if((typeof data67 == "number") && (isFinite(data67))){
if(data67 < 0 || isNaN(data67)){
const err131 = {instancePath:instancePath+"/buffer/maxBytes",schemaPath:"#/properties/buffer/properties/maxBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.maxBytes,data:data67};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
}
if(data63.memoryQueueMaxRows !== undefined){
let data68 = data63.memoryQueueMaxRows;
if(!(((typeof data68 == "number") && (!(data68 % 1) && !isNaN(data68))) && (isFinite(data68)))){
const err132 = {instancePath:instancePath+"/buffer/memoryQueueMaxRows",schemaPath:"#/properties/buffer/properties/memoryQueueMaxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.memoryQueueMaxRows.type,parentSchema:schema11.properties.buffer.properties.memoryQueueMaxRows,data:data68};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
if((typeof data68 == "number") && (isFinite(data68))){
if(data68 < 0 || isNaN(data68)){
const err133 = {instancePath:instancePath+"/buffer/memoryQueueMaxRows",schemaPath:"#/properties/buffer/properties/memoryQueueMaxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.memoryQueueMaxRows,data:data68};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
}
if(data63.maxPageCount !== undefined){
let data69 = data63.maxPageCount;
if(!(((typeof data69 == "number") && (!(data69 % 1) && !isNaN(data69))) && (isFinite(data69)))){
const err134 = {instancePath:instancePath+"/buffer/maxPageCount",schemaPath:"#/properties/buffer/properties/maxPageCount/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxPageCount.type,parentSchema:schema11.properties.buffer.properties.maxPageCount,data:data69};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
if((typeof data69 == "number") && (isFinite(data69))){
if(data69 < 0 || isNaN(data69)){
const err135 = {instancePath:instancePath+"/buffer/maxPageCount",schemaPath:"#/properties/buffer/properties/maxPageCount/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.maxPageCount,data:data69};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
}
if(data63.walSizeLimitBytes !== undefined){
let data70 = data63.walSizeLimitBytes;
if(!(((typeof data70 == "number") && (!(data70 % 1) && !isNaN(data70))) && (isFinite(data70)))){
const err136 = {instancePath:instancePath+"/buffer/walSizeLimitBytes",schemaPath:"#/properties/buffer/properties/walSizeLimitBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.walSizeLimitBytes.type,parentSchema:schema11.properties.buffer.properties.walSizeLimitBytes,data:data70};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
if((typeof data70 == "number") && (isFinite(data70))){
if(data70 < 0 || isNaN(data70)){
const err137 = {instancePath:instancePath+"/buffer/walSizeLimitBytes",schemaPath:"#/properties/buffer/properties/walSizeLimitBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.walSizeLimitBytes,data:data70};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
}
}
else {
const err138 = {instancePath:instancePath+"/buffer",schemaPath:"#/properties/buffer/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.buffer.type,parentSchema:schema11.properties.buffer,data:data63};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
if(data.uploader !== undefined){
let data71 = data.uploader;
if(data71 && typeof data71 == "object" && !Array.isArray(data71)){
for(const key8 in data71){
if(!((((((((key8 === "batchMaxPositions") || (key8 === "intervalMs")) || (key8 === "requestTimeoutMs")) || (key8 === "backoffInitialMs")) || (key8 === "backoffMaxMs")) || (key8 === "authBackoffMs")) || (key8 === "maxRetryAfterMs")) || (key8 === "encoding"))){
const err139 = {instancePath:instancePath+"/uploader",schemaPath:"#/properties/uploader/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.uploader,data:data71};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data71.batchMaxPositions !== undefined){
let data72 = data71.batchMaxPositions;
if(!(((typeof data72 == "number") && (!(data72 % 1) && !isNaN(data72))) && (isFinite(data72)))){
const err140 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.uploader.properties.batchMaxPositions.type,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data72};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
if((typeof data72 == "number") && (isFinite(data72))){
if(data72 > 1000 || isNaN(data72)){
const err141 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data72};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
if(data72 < 1 || isNaN(data72)){
const err142 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data72};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
}
if(data71.intervalMs !== undefined){
let data73 = data71.intervalMs;
if((typeof data73 == "number") && (isFinite(data73))){
if(data73 <= 0 || isNaN(data73)){
const err143 = {instancePath:instancePath+"/uploader/intervalMs",schemaPath:"#/properties/uploader/properties/intervalMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.intervalMs,data:data73};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
else {
const err144 = {instancePath:instancePath+"/uploader/intervalMs",schemaPath:"#/properties/uploader/properties/intervalMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.intervalMs.type,parentSchema:schema11.properties.uploader.properties.intervalMs,data:data73};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
if(data71.requestTimeoutMs !== undefined){
let data74 = data71.requestTimeoutMs;
if((typeof data74 == "number") && (isFinite(data74))){
if(data74 <= 0 || isNaN(data74)){
const err145 = {instancePath:instancePath+"/uploader/requestTimeoutMs",schemaPath:"#/properties/uploader/properties/requestTimeoutMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.requestTimeoutMs,data:data74};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
else {
const err146 = {instancePath:instancePath+"/uploader/requestTimeoutMs",schemaPath:"#/properties/uploader/properties/requestTimeoutMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.requestTimeoutMs.type,parentSchema:schema11.properties.uploader.properties.requestTimeoutMs,data:data74};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
if(data71.backoffInitialMs !== undefined){
let data75 = data71.backoffInitialMs;
if((typeof data75 == "number") && (isFinite(data75))){
if(data75 <= 0 || isNaN(data75)){
const err147 = {instancePath:instancePath+"/uploader/backoffInitialMs",schemaPath:"#/properties/uploader/properties/backoffInitialMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.backoffInitialMs,data:data75};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
else {
const err148 = {instancePath:instancePath+"/uploader/backoffInitialMs",schemaPath:"#/properties/uploader/properties/backoffInitialMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.backoffInitialMs.type,parentSchema:schema11.properties.uploader.properties.backoffInitialMs,data:data75};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
if(data71.backoffMaxMs !== undefined){
let data76 = data71.backoffMaxMs;
if((typeof data76 == "number") && (isFinite(data76))){
if(data76 <= 0 || isNaN(data76)){
const err149 = {instancePath:instancePath+"/uploader/backoffMaxMs",schemaPath:"#/properties/uploader/properties/backoffMaxMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.backoffMaxMs,data:data76};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
}
else {
const err150 = {instancePath:instancePath+"/uploader/backoffMaxMs",schemaPath:"#/properties/uploader/properties/backoffMaxMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.backoffMaxMs.type,parentSchema:schema11.properties.uploader.properties.backoffMaxMs,data:data76};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
}
if(data71.authBackoffMs !== undefined){
let data77 = data71.authBackoffMs;
if((typeof data77 == "number") && (isFinite(data77))){
if(data77 <= 0 || isNaN(data77)){
const err151 = {instancePath:instancePath+"/uploader/authBackoffMs",schemaPath:"#/properties/uploader/properties/authBackoffMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.authBackoffMs,data:data77};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
else {
const err152 = {instancePath:instancePath+"/uploader/authBackoffMs",schemaPath:"#/properties/uploader/properties/authBackoffMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.authBackoffMs.type,parentSchema:schema11.properties.uploader.properties.authBackoffMs,data:data77};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
}
if(data71.maxRetryAfterMs !== undefined){
let data78 = data71.maxRetryAfterMs;
if((typeof data78 == "number") && (isFinite(data78))){
if(data78 < 0 || isNaN(data78)){
const err153 = {instancePath:instancePath+"/uploader/maxRetryAfterMs",schemaPath:"#/properties/uploader/properties/maxRetryAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.uploader.properties.maxRetryAfterMs,data:data78};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
else {
const err154 = {instancePath:instancePath+"/uploader/maxRetryAfterMs",schemaPath:"#/properties/uploader/properties/maxRetryAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.maxRetryAfterMs.type,parentSchema:schema11.properties.uploader.properties.maxRetryAfterMs,data:data78};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
}
if(data71.encoding !== undefined){
let data79 = data71.encoding;
if(typeof data79 !== "string"){
const err155 = {instancePath:instancePath+"/uploader/encoding",schemaPath:"#/properties/uploader/properties/encoding/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.uploader.properties.encoding.type,parentSchema:schema11.properties.uploader.properties.encoding,data:data79};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
if(!((data79 === "binary") || (data79 === "json"))){
const err156 = {instancePath:instancePath+"/uploader/encoding",schemaPath:"#/properties/uploader/properties/encoding/enum",keyword:"enum",params:{allowedValues: schema11.properties.uploader.properties.encoding.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.uploader.properties.encoding.enum,parentSchema:schema11.properties.uploader.properties.encoding,data:data79};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
}
else {
const err157 = {instancePath:instancePath+"/uploader",schemaPath:"#/properties/uploader/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.uploader.type,parentSchema:schema11.properties.uploader,data:data71};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
}
else {
const err158 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

export const validateDiagSettings = validate11;
const schema12 = {"type":"object","additionalProperties":false,"properties":{"db":{"type":"string","minLength":1},"statusFile":{"type":"string","minLength":1},"gateway":{"type":"string","minLength":1},"caFile":{"type":"string","minLength":1},"timeoutMs":{"type":"integer","minimum":1},"json":{"type":"boolean"}}};

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "db") || (key0 === "statusFile")) || (key0 === "gateway")) || (key0 === "caFile")) || (key0 === "timeoutMs")) || (key0 === "json"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.db !== undefined){
let data0 = data.db;
if(typeof data0 === "string"){
if(data0.length < 1){
const err1 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.db,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.db.type,parentSchema:schema12.properties.db,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.statusFile !== undefined){
let data1 = data.statusFile;
if(typeof data1 === "string"){
if(data1.length < 1){
const err3 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.statusFile,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.statusFile.type,parentSchema:schema12.properties.statusFile,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.gateway !== undefined){
let data2 = data.gateway;
if(typeof data2 === "string"){
if(data2.length < 1){
const err5 = {instancePath:instancePath+"/gateway",schemaPath:"#/properties/gateway/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.gateway,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/gateway",schemaPath:"#/properties/gateway/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.gateway.type,parentSchema:schema12.properties.gateway,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.caFile !== undefined){
let data3 = data.caFile;
if(typeof data3 === "string"){
if(data3.length < 1){
const err7 = {instancePath:instancePath+"/caFile",schemaPath:"#/properties/caFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.caFile,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/caFile",schemaPath:"#/properties/caFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.caFile.type,parentSchema:schema12.properties.caFile,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.timeoutMs !== undefined){
let data4 = data.timeoutMs;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
const err9 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.timeoutMs.type,parentSchema:schema12.properties.timeoutMs,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 < 1 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.timeoutMs,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
if(data.json !== undefined){
let data5 = data.json;
if(typeof data5 !== "boolean"){
const err11 = {instancePath:instancePath+"/json",schemaPath:"#/properties/json/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.json.type,parentSchema:schema12.properties.json,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
else {
const err12 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

export const validateQuarantineSettings = validate12;
const schema13 = {"type":"object","additionalProperties":false,"properties":{"db":{"type":"string","minLength":1},"json":{"type":"boolean"},"batch":{"type":"integer","minimum":1}}};

function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((key0 === "db") || (key0 === "json")) || (key0 === "batch"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.db !== undefined){
let data0 = data.db;
if(typeof data0 === "string"){
if(data0.length < 1){
const err1 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.properties.db,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.db.type,parentSchema:schema13.properties.db,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.json !== undefined){
let data1 = data.json;
if(typeof data1 !== "boolean"){
const err3 = {instancePath:instancePath+"/json",schemaPath:"#/properties/json/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema13.properties.json.type,parentSchema:schema13.properties.json,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.batch !== undefined){
let data2 = data.batch;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err4 = {instancePath:instancePath+"/batch",schemaPath:"#/properties/batch/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema13.properties.batch.type,parentSchema:schema13.properties.batch,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 < 1 || isNaN(data2)){
const err5 = {instancePath:instancePath+"/batch",schemaPath:"#/properties/batch/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema13.properties.batch,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
}
else {
const err6 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
validate12.errors = vErrors;
return errors === 0;
}

