// @ts-nocheck
// Generated from agent/config-schema.ts by agent/config-validators.test.ts (ajv standalone code): do not edit.
// Rewrite it with: TELEMATICS_WRITE_GENERATED=1 npx vitest run agent/config-validators.test.ts
"use strict";
export const validateAgentConfig = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"telematics agent configuration","type":"object","additionalProperties":false,"properties":{"serial":{"type":"string","minLength":1},"baud":{"enum":[4800,9600,19200,38400,57600,115200,230400,460800,921600,"auto"]},"gateway":{"type":"string","minLength":1},"vehicleId":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$","description":"1–64 of letters, digits, . _ : - (starting with a letter or digit)"},"token":{"type":"string","minLength":1},"tokenFile":{"type":"string","minLength":1},"db":{"type":"string","minLength":1},"statusFile":{"type":"string","minLength":1},"everyFix":{"type":"boolean"},"metricsPort":{"type":"integer","minimum":1,"maximum":65535},"plausibility":{"type":"object","additionalProperties":false,"properties":{"maxSpeed":{"type":"number","minimum":0,"default":41.666666666666664},"jumpToleranceM":{"type":"number","minimum":0,"default":50},"jumpResetAfterFixes":{"type":"integer","minimum":0,"default":5},"frozenMinMoveM":{"type":"number","minimum":0,"default":10},"frozenMinSpeed":{"type":"number","minimum":0,"default":1},"rejectZeroIsland":{"type":"boolean","default":true},"maxHdop":{"type":"number","minimum":0,"default":20},"minUSat":{"type":"integer","minimum":0,"default":3},"minTimeMs":{"type":"number","minimum":0,"default":946684800000},"staticBelowSpeed":{"type":"number","minimum":0,"default":0.5},"staticMaxDriftM":{"type":"number","minimum":0,"default":30}}},"sampler":{"type":"object","additionalProperties":false,"properties":{"everyFix":{"type":"boolean","default":false},"moving":{"type":"object","additionalProperties":false,"properties":{"minPeriodMs":{"type":"number","minimum":0,"default":30000},"minDistanceM":{"type":"number","minimum":0,"default":200},"minHeadingChangeDeg":{"type":"number","minimum":0,"default":10},"minSpeedChangeMps":{"type":"number","minimum":0,"default":4.166666666666667}}},"stopped":{"type":"object","additionalProperties":false,"properties":{"minPeriodMs":{"type":"number","minimum":0,"default":300000},"minDistanceM":{"type":"number","minimum":0,"default":500},"minHeadingChangeDeg":{"type":"number","minimum":0,"default":0},"minSpeedChangeMps":{"type":"number","minimum":0,"default":0}}},"movingAboveMps":{"type":"number","minimum":0,"default":2.2},"movingAfterMs":{"type":"number","minimum":0,"default":2000},"stoppedBelowMps":{"type":"number","minimum":0,"default":1},"stoppedAfterMs":{"type":"number","minimum":0,"default":10000},"minHeadingSpeedMps":{"type":"number","minimum":0,"default":2.2}}},"buffer":{"type":"object","additionalProperties":false,"properties":{"commitIntervalMs":{"type":"number","minimum":0,"default":1000},"commitMaxRows":{"type":"integer","minimum":1,"default":200},"maxRows":{"type":"integer","minimum":1,"default":604800},"maxBytes":{"type":"integer","minimum":0,"default":134217728},"memoryQueueMaxRows":{"type":"integer","minimum":0,"default":36000},"maxPageCount":{"type":"integer","minimum":0,"default":0},"walSizeLimitBytes":{"type":"integer","minimum":0,"default":4194304}}},"uploader":{"type":"object","additionalProperties":false,"properties":{"batchMaxPositions":{"type":"integer","minimum":1,"default":500,"maximum":1000},"intervalMs":{"type":"number","default":5000,"exclusiveMinimum":0},"requestTimeoutMs":{"type":"number","default":15000,"exclusiveMinimum":0},"backoffInitialMs":{"type":"number","default":1000,"exclusiveMinimum":0},"backoffMaxMs":{"type":"number","default":300000,"exclusiveMinimum":0},"authBackoffMs":{"type":"number","default":600000,"exclusiveMinimum":0},"maxRetryAfterMs":{"type":"number","minimum":0,"default":900000},"encoding":{"type":"string","default":"binary","enum":["binary","json"]}}}}};
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
if(data.db !== undefined){
let data6 = data.db;
if(typeof data6 === "string"){
if(data6.length < 1){
const err12 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.db,data:data6};
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
const err13 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.db.type,parentSchema:schema11.properties.db,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.statusFile !== undefined){
let data7 = data.statusFile;
if(typeof data7 === "string"){
if(data7.length < 1){
const err14 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.statusFile,data:data7};
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
const err15 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.statusFile.type,parentSchema:schema11.properties.statusFile,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.everyFix !== undefined){
let data8 = data.everyFix;
if(typeof data8 !== "boolean"){
const err16 = {instancePath:instancePath+"/everyFix",schemaPath:"#/properties/everyFix/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.everyFix.type,parentSchema:schema11.properties.everyFix,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.metricsPort !== undefined){
let data9 = data.metricsPort;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
const err17 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.metricsPort.type,parentSchema:schema11.properties.metricsPort,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 65535 || isNaN(data9)){
const err18 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema11.properties.metricsPort,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data9 < 1 || isNaN(data9)){
const err19 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.metricsPort,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
if(data.plausibility !== undefined){
let data10 = data.plausibility;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key1 in data10){
if(!(func2.call(schema11.properties.plausibility.properties, key1))){
const err20 = {instancePath:instancePath+"/plausibility",schemaPath:"#/properties/plausibility/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.plausibility,data:data10};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data10.maxSpeed !== undefined){
let data11 = data10.maxSpeed;
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 0 || isNaN(data11)){
const err21 = {instancePath:instancePath+"/plausibility/maxSpeed",schemaPath:"#/properties/plausibility/properties/maxSpeed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.maxSpeed,data:data11};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/plausibility/maxSpeed",schemaPath:"#/properties/plausibility/properties/maxSpeed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.maxSpeed.type,parentSchema:schema11.properties.plausibility.properties.maxSpeed,data:data11};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data10.jumpToleranceM !== undefined){
let data12 = data10.jumpToleranceM;
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 < 0 || isNaN(data12)){
const err23 = {instancePath:instancePath+"/plausibility/jumpToleranceM",schemaPath:"#/properties/plausibility/properties/jumpToleranceM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.jumpToleranceM,data:data12};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/plausibility/jumpToleranceM",schemaPath:"#/properties/plausibility/properties/jumpToleranceM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.jumpToleranceM.type,parentSchema:schema11.properties.plausibility.properties.jumpToleranceM,data:data12};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data10.jumpResetAfterFixes !== undefined){
let data13 = data10.jumpResetAfterFixes;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err25 = {instancePath:instancePath+"/plausibility/jumpResetAfterFixes",schemaPath:"#/properties/plausibility/properties/jumpResetAfterFixes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.plausibility.properties.jumpResetAfterFixes.type,parentSchema:schema11.properties.plausibility.properties.jumpResetAfterFixes,data:data13};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 < 0 || isNaN(data13)){
const err26 = {instancePath:instancePath+"/plausibility/jumpResetAfterFixes",schemaPath:"#/properties/plausibility/properties/jumpResetAfterFixes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.jumpResetAfterFixes,data:data13};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
if(data10.frozenMinMoveM !== undefined){
let data14 = data10.frozenMinMoveM;
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 < 0 || isNaN(data14)){
const err27 = {instancePath:instancePath+"/plausibility/frozenMinMoveM",schemaPath:"#/properties/plausibility/properties/frozenMinMoveM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.frozenMinMoveM,data:data14};
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
const err28 = {instancePath:instancePath+"/plausibility/frozenMinMoveM",schemaPath:"#/properties/plausibility/properties/frozenMinMoveM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.frozenMinMoveM.type,parentSchema:schema11.properties.plausibility.properties.frozenMinMoveM,data:data14};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data10.frozenMinSpeed !== undefined){
let data15 = data10.frozenMinSpeed;
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 < 0 || isNaN(data15)){
const err29 = {instancePath:instancePath+"/plausibility/frozenMinSpeed",schemaPath:"#/properties/plausibility/properties/frozenMinSpeed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.frozenMinSpeed,data:data15};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/plausibility/frozenMinSpeed",schemaPath:"#/properties/plausibility/properties/frozenMinSpeed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.frozenMinSpeed.type,parentSchema:schema11.properties.plausibility.properties.frozenMinSpeed,data:data15};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data10.rejectZeroIsland !== undefined){
let data16 = data10.rejectZeroIsland;
if(typeof data16 !== "boolean"){
const err31 = {instancePath:instancePath+"/plausibility/rejectZeroIsland",schemaPath:"#/properties/plausibility/properties/rejectZeroIsland/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.plausibility.properties.rejectZeroIsland.type,parentSchema:schema11.properties.plausibility.properties.rejectZeroIsland,data:data16};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data10.maxHdop !== undefined){
let data17 = data10.maxHdop;
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 < 0 || isNaN(data17)){
const err32 = {instancePath:instancePath+"/plausibility/maxHdop",schemaPath:"#/properties/plausibility/properties/maxHdop/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.maxHdop,data:data17};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/plausibility/maxHdop",schemaPath:"#/properties/plausibility/properties/maxHdop/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.maxHdop.type,parentSchema:schema11.properties.plausibility.properties.maxHdop,data:data17};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data10.minUSat !== undefined){
let data18 = data10.minUSat;
if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){
const err34 = {instancePath:instancePath+"/plausibility/minUSat",schemaPath:"#/properties/plausibility/properties/minUSat/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.plausibility.properties.minUSat.type,parentSchema:schema11.properties.plausibility.properties.minUSat,data:data18};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 < 0 || isNaN(data18)){
const err35 = {instancePath:instancePath+"/plausibility/minUSat",schemaPath:"#/properties/plausibility/properties/minUSat/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.minUSat,data:data18};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
if(data10.minTimeMs !== undefined){
let data19 = data10.minTimeMs;
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 < 0 || isNaN(data19)){
const err36 = {instancePath:instancePath+"/plausibility/minTimeMs",schemaPath:"#/properties/plausibility/properties/minTimeMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.minTimeMs,data:data19};
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
const err37 = {instancePath:instancePath+"/plausibility/minTimeMs",schemaPath:"#/properties/plausibility/properties/minTimeMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.minTimeMs.type,parentSchema:schema11.properties.plausibility.properties.minTimeMs,data:data19};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data10.staticBelowSpeed !== undefined){
let data20 = data10.staticBelowSpeed;
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 < 0 || isNaN(data20)){
const err38 = {instancePath:instancePath+"/plausibility/staticBelowSpeed",schemaPath:"#/properties/plausibility/properties/staticBelowSpeed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.staticBelowSpeed,data:data20};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/plausibility/staticBelowSpeed",schemaPath:"#/properties/plausibility/properties/staticBelowSpeed/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.staticBelowSpeed.type,parentSchema:schema11.properties.plausibility.properties.staticBelowSpeed,data:data20};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data10.staticMaxDriftM !== undefined){
let data21 = data10.staticMaxDriftM;
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 < 0 || isNaN(data21)){
const err40 = {instancePath:instancePath+"/plausibility/staticMaxDriftM",schemaPath:"#/properties/plausibility/properties/staticMaxDriftM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.plausibility.properties.staticMaxDriftM,data:data21};
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
const err41 = {instancePath:instancePath+"/plausibility/staticMaxDriftM",schemaPath:"#/properties/plausibility/properties/staticMaxDriftM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.plausibility.properties.staticMaxDriftM.type,parentSchema:schema11.properties.plausibility.properties.staticMaxDriftM,data:data21};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath:instancePath+"/plausibility",schemaPath:"#/properties/plausibility/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.plausibility.type,parentSchema:schema11.properties.plausibility,data:data10};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data.sampler !== undefined){
let data22 = data.sampler;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
for(const key2 in data22){
if(!((((((((key2 === "everyFix") || (key2 === "moving")) || (key2 === "stopped")) || (key2 === "movingAboveMps")) || (key2 === "movingAfterMs")) || (key2 === "stoppedBelowMps")) || (key2 === "stoppedAfterMs")) || (key2 === "minHeadingSpeedMps"))){
const err43 = {instancePath:instancePath+"/sampler",schemaPath:"#/properties/sampler/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler,data:data22};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data22.everyFix !== undefined){
let data23 = data22.everyFix;
if(typeof data23 !== "boolean"){
const err44 = {instancePath:instancePath+"/sampler/everyFix",schemaPath:"#/properties/sampler/properties/everyFix/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.sampler.properties.everyFix.type,parentSchema:schema11.properties.sampler.properties.everyFix,data:data23};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data22.moving !== undefined){
let data24 = data22.moving;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
for(const key3 in data24){
if(!((((key3 === "minPeriodMs") || (key3 === "minDistanceM")) || (key3 === "minHeadingChangeDeg")) || (key3 === "minSpeedChangeMps"))){
const err45 = {instancePath:instancePath+"/sampler/moving",schemaPath:"#/properties/sampler/properties/moving/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler.properties.moving,data:data24};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data24.minPeriodMs !== undefined){
let data25 = data24.minPeriodMs;
if((typeof data25 == "number") && (isFinite(data25))){
if(data25 < 0 || isNaN(data25)){
const err46 = {instancePath:instancePath+"/sampler/moving/minPeriodMs",schemaPath:"#/properties/sampler/properties/moving/properties/minPeriodMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minPeriodMs,data:data25};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/sampler/moving/minPeriodMs",schemaPath:"#/properties/sampler/properties/moving/properties/minPeriodMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minPeriodMs.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minPeriodMs,data:data25};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data24.minDistanceM !== undefined){
let data26 = data24.minDistanceM;
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 < 0 || isNaN(data26)){
const err48 = {instancePath:instancePath+"/sampler/moving/minDistanceM",schemaPath:"#/properties/sampler/properties/moving/properties/minDistanceM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minDistanceM,data:data26};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
else {
const err49 = {instancePath:instancePath+"/sampler/moving/minDistanceM",schemaPath:"#/properties/sampler/properties/moving/properties/minDistanceM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minDistanceM.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minDistanceM,data:data26};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data24.minHeadingChangeDeg !== undefined){
let data27 = data24.minHeadingChangeDeg;
if((typeof data27 == "number") && (isFinite(data27))){
if(data27 < 0 || isNaN(data27)){
const err50 = {instancePath:instancePath+"/sampler/moving/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/moving/properties/minHeadingChangeDeg/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg,data:data27};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
else {
const err51 = {instancePath:instancePath+"/sampler/moving/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/moving/properties/minHeadingChangeDeg/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg,data:data27};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data24.minSpeedChangeMps !== undefined){
let data28 = data24.minSpeedChangeMps;
if((typeof data28 == "number") && (isFinite(data28))){
if(data28 < 0 || isNaN(data28)){
const err52 = {instancePath:instancePath+"/sampler/moving/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/moving/properties/minSpeedChangeMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps,data:data28};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
else {
const err53 = {instancePath:instancePath+"/sampler/moving/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/moving/properties/minSpeedChangeMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps,data:data28};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
else {
const err54 = {instancePath:instancePath+"/sampler/moving",schemaPath:"#/properties/sampler/properties/moving/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.properties.moving.type,parentSchema:schema11.properties.sampler.properties.moving,data:data24};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data22.stopped !== undefined){
let data29 = data22.stopped;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
for(const key4 in data29){
if(!((((key4 === "minPeriodMs") || (key4 === "minDistanceM")) || (key4 === "minHeadingChangeDeg")) || (key4 === "minSpeedChangeMps"))){
const err55 = {instancePath:instancePath+"/sampler/stopped",schemaPath:"#/properties/sampler/properties/stopped/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler.properties.stopped,data:data29};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data29.minPeriodMs !== undefined){
let data30 = data29.minPeriodMs;
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 < 0 || isNaN(data30)){
const err56 = {instancePath:instancePath+"/sampler/stopped/minPeriodMs",schemaPath:"#/properties/sampler/properties/stopped/properties/minPeriodMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs,data:data30};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
else {
const err57 = {instancePath:instancePath+"/sampler/stopped/minPeriodMs",schemaPath:"#/properties/sampler/properties/stopped/properties/minPeriodMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs,data:data30};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data29.minDistanceM !== undefined){
let data31 = data29.minDistanceM;
if((typeof data31 == "number") && (isFinite(data31))){
if(data31 < 0 || isNaN(data31)){
const err58 = {instancePath:instancePath+"/sampler/stopped/minDistanceM",schemaPath:"#/properties/sampler/properties/stopped/properties/minDistanceM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minDistanceM,data:data31};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
else {
const err59 = {instancePath:instancePath+"/sampler/stopped/minDistanceM",schemaPath:"#/properties/sampler/properties/stopped/properties/minDistanceM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minDistanceM.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minDistanceM,data:data31};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data29.minHeadingChangeDeg !== undefined){
let data32 = data29.minHeadingChangeDeg;
if((typeof data32 == "number") && (isFinite(data32))){
if(data32 < 0 || isNaN(data32)){
const err60 = {instancePath:instancePath+"/sampler/stopped/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/stopped/properties/minHeadingChangeDeg/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg,data:data32};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
else {
const err61 = {instancePath:instancePath+"/sampler/stopped/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/stopped/properties/minHeadingChangeDeg/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg,data:data32};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(data29.minSpeedChangeMps !== undefined){
let data33 = data29.minSpeedChangeMps;
if((typeof data33 == "number") && (isFinite(data33))){
if(data33 < 0 || isNaN(data33)){
const err62 = {instancePath:instancePath+"/sampler/stopped/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/stopped/properties/minSpeedChangeMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps,data:data33};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
else {
const err63 = {instancePath:instancePath+"/sampler/stopped/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/stopped/properties/minSpeedChangeMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps,data:data33};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
else {
const err64 = {instancePath:instancePath+"/sampler/stopped",schemaPath:"#/properties/sampler/properties/stopped/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.properties.stopped.type,parentSchema:schema11.properties.sampler.properties.stopped,data:data29};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data22.movingAboveMps !== undefined){
let data34 = data22.movingAboveMps;
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 < 0 || isNaN(data34)){
const err65 = {instancePath:instancePath+"/sampler/movingAboveMps",schemaPath:"#/properties/sampler/properties/movingAboveMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.movingAboveMps,data:data34};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
else {
const err66 = {instancePath:instancePath+"/sampler/movingAboveMps",schemaPath:"#/properties/sampler/properties/movingAboveMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.movingAboveMps.type,parentSchema:schema11.properties.sampler.properties.movingAboveMps,data:data34};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data22.movingAfterMs !== undefined){
let data35 = data22.movingAfterMs;
if((typeof data35 == "number") && (isFinite(data35))){
if(data35 < 0 || isNaN(data35)){
const err67 = {instancePath:instancePath+"/sampler/movingAfterMs",schemaPath:"#/properties/sampler/properties/movingAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.movingAfterMs,data:data35};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
else {
const err68 = {instancePath:instancePath+"/sampler/movingAfterMs",schemaPath:"#/properties/sampler/properties/movingAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.movingAfterMs.type,parentSchema:schema11.properties.sampler.properties.movingAfterMs,data:data35};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data22.stoppedBelowMps !== undefined){
let data36 = data22.stoppedBelowMps;
if((typeof data36 == "number") && (isFinite(data36))){
if(data36 < 0 || isNaN(data36)){
const err69 = {instancePath:instancePath+"/sampler/stoppedBelowMps",schemaPath:"#/properties/sampler/properties/stoppedBelowMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stoppedBelowMps,data:data36};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/sampler/stoppedBelowMps",schemaPath:"#/properties/sampler/properties/stoppedBelowMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stoppedBelowMps.type,parentSchema:schema11.properties.sampler.properties.stoppedBelowMps,data:data36};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data22.stoppedAfterMs !== undefined){
let data37 = data22.stoppedAfterMs;
if((typeof data37 == "number") && (isFinite(data37))){
if(data37 < 0 || isNaN(data37)){
const err71 = {instancePath:instancePath+"/sampler/stoppedAfterMs",schemaPath:"#/properties/sampler/properties/stoppedAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stoppedAfterMs,data:data37};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
else {
const err72 = {instancePath:instancePath+"/sampler/stoppedAfterMs",schemaPath:"#/properties/sampler/properties/stoppedAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stoppedAfterMs.type,parentSchema:schema11.properties.sampler.properties.stoppedAfterMs,data:data37};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data22.minHeadingSpeedMps !== undefined){
let data38 = data22.minHeadingSpeedMps;
if((typeof data38 == "number") && (isFinite(data38))){
if(data38 < 0 || isNaN(data38)){
const err73 = {instancePath:instancePath+"/sampler/minHeadingSpeedMps",schemaPath:"#/properties/sampler/properties/minHeadingSpeedMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.minHeadingSpeedMps,data:data38};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
else {
const err74 = {instancePath:instancePath+"/sampler/minHeadingSpeedMps",schemaPath:"#/properties/sampler/properties/minHeadingSpeedMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.minHeadingSpeedMps.type,parentSchema:schema11.properties.sampler.properties.minHeadingSpeedMps,data:data38};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
}
else {
const err75 = {instancePath:instancePath+"/sampler",schemaPath:"#/properties/sampler/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.type,parentSchema:schema11.properties.sampler,data:data22};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data.buffer !== undefined){
let data39 = data.buffer;
if(data39 && typeof data39 == "object" && !Array.isArray(data39)){
for(const key5 in data39){
if(!(((((((key5 === "commitIntervalMs") || (key5 === "commitMaxRows")) || (key5 === "maxRows")) || (key5 === "maxBytes")) || (key5 === "memoryQueueMaxRows")) || (key5 === "maxPageCount")) || (key5 === "walSizeLimitBytes"))){
const err76 = {instancePath:instancePath+"/buffer",schemaPath:"#/properties/buffer/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.buffer,data:data39};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data39.commitIntervalMs !== undefined){
let data40 = data39.commitIntervalMs;
if((typeof data40 == "number") && (isFinite(data40))){
if(data40 < 0 || isNaN(data40)){
const err77 = {instancePath:instancePath+"/buffer/commitIntervalMs",schemaPath:"#/properties/buffer/properties/commitIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.commitIntervalMs,data:data40};
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
const err78 = {instancePath:instancePath+"/buffer/commitIntervalMs",schemaPath:"#/properties/buffer/properties/commitIntervalMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.buffer.properties.commitIntervalMs.type,parentSchema:schema11.properties.buffer.properties.commitIntervalMs,data:data40};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data39.commitMaxRows !== undefined){
let data41 = data39.commitMaxRows;
if(!(((typeof data41 == "number") && (!(data41 % 1) && !isNaN(data41))) && (isFinite(data41)))){
const err79 = {instancePath:instancePath+"/buffer/commitMaxRows",schemaPath:"#/properties/buffer/properties/commitMaxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.commitMaxRows.type,parentSchema:schema11.properties.buffer.properties.commitMaxRows,data:data41};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
if((typeof data41 == "number") && (isFinite(data41))){
if(data41 < 1 || isNaN(data41)){
const err80 = {instancePath:instancePath+"/buffer/commitMaxRows",schemaPath:"#/properties/buffer/properties/commitMaxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.buffer.properties.commitMaxRows,data:data41};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
}
if(data39.maxRows !== undefined){
let data42 = data39.maxRows;
if(!(((typeof data42 == "number") && (!(data42 % 1) && !isNaN(data42))) && (isFinite(data42)))){
const err81 = {instancePath:instancePath+"/buffer/maxRows",schemaPath:"#/properties/buffer/properties/maxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxRows.type,parentSchema:schema11.properties.buffer.properties.maxRows,data:data42};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
if((typeof data42 == "number") && (isFinite(data42))){
if(data42 < 1 || isNaN(data42)){
const err82 = {instancePath:instancePath+"/buffer/maxRows",schemaPath:"#/properties/buffer/properties/maxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.buffer.properties.maxRows,data:data42};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
}
if(data39.maxBytes !== undefined){
let data43 = data39.maxBytes;
if(!(((typeof data43 == "number") && (!(data43 % 1) && !isNaN(data43))) && (isFinite(data43)))){
const err83 = {instancePath:instancePath+"/buffer/maxBytes",schemaPath:"#/properties/buffer/properties/maxBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxBytes.type,parentSchema:schema11.properties.buffer.properties.maxBytes,data:data43};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
if((typeof data43 == "number") && (isFinite(data43))){
if(data43 < 0 || isNaN(data43)){
const err84 = {instancePath:instancePath+"/buffer/maxBytes",schemaPath:"#/properties/buffer/properties/maxBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.maxBytes,data:data43};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
}
if(data39.memoryQueueMaxRows !== undefined){
let data44 = data39.memoryQueueMaxRows;
if(!(((typeof data44 == "number") && (!(data44 % 1) && !isNaN(data44))) && (isFinite(data44)))){
const err85 = {instancePath:instancePath+"/buffer/memoryQueueMaxRows",schemaPath:"#/properties/buffer/properties/memoryQueueMaxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.memoryQueueMaxRows.type,parentSchema:schema11.properties.buffer.properties.memoryQueueMaxRows,data:data44};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
if((typeof data44 == "number") && (isFinite(data44))){
if(data44 < 0 || isNaN(data44)){
const err86 = {instancePath:instancePath+"/buffer/memoryQueueMaxRows",schemaPath:"#/properties/buffer/properties/memoryQueueMaxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.memoryQueueMaxRows,data:data44};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
}
if(data39.maxPageCount !== undefined){
let data45 = data39.maxPageCount;
if(!(((typeof data45 == "number") && (!(data45 % 1) && !isNaN(data45))) && (isFinite(data45)))){
const err87 = {instancePath:instancePath+"/buffer/maxPageCount",schemaPath:"#/properties/buffer/properties/maxPageCount/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxPageCount.type,parentSchema:schema11.properties.buffer.properties.maxPageCount,data:data45};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
if((typeof data45 == "number") && (isFinite(data45))){
if(data45 < 0 || isNaN(data45)){
const err88 = {instancePath:instancePath+"/buffer/maxPageCount",schemaPath:"#/properties/buffer/properties/maxPageCount/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.maxPageCount,data:data45};
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
if(data39.walSizeLimitBytes !== undefined){
let data46 = data39.walSizeLimitBytes;
if(!(((typeof data46 == "number") && (!(data46 % 1) && !isNaN(data46))) && (isFinite(data46)))){
const err89 = {instancePath:instancePath+"/buffer/walSizeLimitBytes",schemaPath:"#/properties/buffer/properties/walSizeLimitBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.walSizeLimitBytes.type,parentSchema:schema11.properties.buffer.properties.walSizeLimitBytes,data:data46};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
if((typeof data46 == "number") && (isFinite(data46))){
if(data46 < 0 || isNaN(data46)){
const err90 = {instancePath:instancePath+"/buffer/walSizeLimitBytes",schemaPath:"#/properties/buffer/properties/walSizeLimitBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.walSizeLimitBytes,data:data46};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
}
}
else {
const err91 = {instancePath:instancePath+"/buffer",schemaPath:"#/properties/buffer/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.buffer.type,parentSchema:schema11.properties.buffer,data:data39};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
if(data.uploader !== undefined){
let data47 = data.uploader;
if(data47 && typeof data47 == "object" && !Array.isArray(data47)){
for(const key6 in data47){
if(!((((((((key6 === "batchMaxPositions") || (key6 === "intervalMs")) || (key6 === "requestTimeoutMs")) || (key6 === "backoffInitialMs")) || (key6 === "backoffMaxMs")) || (key6 === "authBackoffMs")) || (key6 === "maxRetryAfterMs")) || (key6 === "encoding"))){
const err92 = {instancePath:instancePath+"/uploader",schemaPath:"#/properties/uploader/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.uploader,data:data47};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data47.batchMaxPositions !== undefined){
let data48 = data47.batchMaxPositions;
if(!(((typeof data48 == "number") && (!(data48 % 1) && !isNaN(data48))) && (isFinite(data48)))){
const err93 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.uploader.properties.batchMaxPositions.type,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data48};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
if((typeof data48 == "number") && (isFinite(data48))){
if(data48 > 1000 || isNaN(data48)){
const err94 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data48};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
if(data48 < 1 || isNaN(data48)){
const err95 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data48};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
}
if(data47.intervalMs !== undefined){
let data49 = data47.intervalMs;
if((typeof data49 == "number") && (isFinite(data49))){
if(data49 <= 0 || isNaN(data49)){
const err96 = {instancePath:instancePath+"/uploader/intervalMs",schemaPath:"#/properties/uploader/properties/intervalMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.intervalMs,data:data49};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
else {
const err97 = {instancePath:instancePath+"/uploader/intervalMs",schemaPath:"#/properties/uploader/properties/intervalMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.intervalMs.type,parentSchema:schema11.properties.uploader.properties.intervalMs,data:data49};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data47.requestTimeoutMs !== undefined){
let data50 = data47.requestTimeoutMs;
if((typeof data50 == "number") && (isFinite(data50))){
if(data50 <= 0 || isNaN(data50)){
const err98 = {instancePath:instancePath+"/uploader/requestTimeoutMs",schemaPath:"#/properties/uploader/properties/requestTimeoutMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.requestTimeoutMs,data:data50};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
else {
const err99 = {instancePath:instancePath+"/uploader/requestTimeoutMs",schemaPath:"#/properties/uploader/properties/requestTimeoutMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.requestTimeoutMs.type,parentSchema:schema11.properties.uploader.properties.requestTimeoutMs,data:data50};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
if(data47.backoffInitialMs !== undefined){
let data51 = data47.backoffInitialMs;
if((typeof data51 == "number") && (isFinite(data51))){
if(data51 <= 0 || isNaN(data51)){
const err100 = {instancePath:instancePath+"/uploader/backoffInitialMs",schemaPath:"#/properties/uploader/properties/backoffInitialMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.backoffInitialMs,data:data51};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
else {
const err101 = {instancePath:instancePath+"/uploader/backoffInitialMs",schemaPath:"#/properties/uploader/properties/backoffInitialMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.backoffInitialMs.type,parentSchema:schema11.properties.uploader.properties.backoffInitialMs,data:data51};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
if(data47.backoffMaxMs !== undefined){
let data52 = data47.backoffMaxMs;
if((typeof data52 == "number") && (isFinite(data52))){
if(data52 <= 0 || isNaN(data52)){
const err102 = {instancePath:instancePath+"/uploader/backoffMaxMs",schemaPath:"#/properties/uploader/properties/backoffMaxMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.backoffMaxMs,data:data52};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
else {
const err103 = {instancePath:instancePath+"/uploader/backoffMaxMs",schemaPath:"#/properties/uploader/properties/backoffMaxMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.backoffMaxMs.type,parentSchema:schema11.properties.uploader.properties.backoffMaxMs,data:data52};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data47.authBackoffMs !== undefined){
let data53 = data47.authBackoffMs;
if((typeof data53 == "number") && (isFinite(data53))){
if(data53 <= 0 || isNaN(data53)){
const err104 = {instancePath:instancePath+"/uploader/authBackoffMs",schemaPath:"#/properties/uploader/properties/authBackoffMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.authBackoffMs,data:data53};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
else {
const err105 = {instancePath:instancePath+"/uploader/authBackoffMs",schemaPath:"#/properties/uploader/properties/authBackoffMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.authBackoffMs.type,parentSchema:schema11.properties.uploader.properties.authBackoffMs,data:data53};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
if(data47.maxRetryAfterMs !== undefined){
let data54 = data47.maxRetryAfterMs;
if((typeof data54 == "number") && (isFinite(data54))){
if(data54 < 0 || isNaN(data54)){
const err106 = {instancePath:instancePath+"/uploader/maxRetryAfterMs",schemaPath:"#/properties/uploader/properties/maxRetryAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.uploader.properties.maxRetryAfterMs,data:data54};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
else {
const err107 = {instancePath:instancePath+"/uploader/maxRetryAfterMs",schemaPath:"#/properties/uploader/properties/maxRetryAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.maxRetryAfterMs.type,parentSchema:schema11.properties.uploader.properties.maxRetryAfterMs,data:data54};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
if(data47.encoding !== undefined){
let data55 = data47.encoding;
if(typeof data55 !== "string"){
const err108 = {instancePath:instancePath+"/uploader/encoding",schemaPath:"#/properties/uploader/properties/encoding/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.uploader.properties.encoding.type,parentSchema:schema11.properties.uploader.properties.encoding,data:data55};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
if(!((data55 === "binary") || (data55 === "json"))){
const err109 = {instancePath:instancePath+"/uploader/encoding",schemaPath:"#/properties/uploader/properties/encoding/enum",keyword:"enum",params:{allowedValues: schema11.properties.uploader.properties.encoding.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.uploader.properties.encoding.enum,parentSchema:schema11.properties.uploader.properties.encoding,data:data55};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
}
else {
const err110 = {instancePath:instancePath+"/uploader",schemaPath:"#/properties/uploader/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.uploader.type,parentSchema:schema11.properties.uploader,data:data47};
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
const err111 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

export const validateDiagSettings = validate11;
const schema12 = {"type":"object","additionalProperties":false,"properties":{"db":{"type":"string","minLength":1},"statusFile":{"type":"string","minLength":1},"gateway":{"type":"string","minLength":1},"timeoutMs":{"type":"integer","minimum":1},"json":{"type":"boolean"}}};

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((key0 === "db") || (key0 === "statusFile")) || (key0 === "gateway")) || (key0 === "timeoutMs")) || (key0 === "json"))){
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
if(data.timeoutMs !== undefined){
let data3 = data.timeoutMs;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
const err7 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.timeoutMs.type,parentSchema:schema12.properties.timeoutMs,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 < 1 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.timeoutMs,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.json !== undefined){
let data4 = data.json;
if(typeof data4 !== "boolean"){
const err9 = {instancePath:instancePath+"/json",schemaPath:"#/properties/json/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.json.type,parentSchema:schema12.properties.json,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
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

